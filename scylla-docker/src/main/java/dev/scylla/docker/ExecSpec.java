package dev.scylla.docker;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A command to run in a running container.
 *
 * @param command the command and its arguments
 * @param env extra environment variables
 * @param user {@code uid:gid} or a user name, or null for the container's user
 * @param workdir the working directory, or null for the container's
 */
public record ExecSpec(List<String> command, Map<String, String> env, String user, String workdir) {
  /** Copies the collections and validates the command. */
  public ExecSpec {
    command = List.copyOf(command);
    env = Map.copyOf(env);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must not be empty");
    }
  }

  /** A command with the container's environment, user and working directory. */
  public static ExecSpec of(String... command) {
    return new ExecSpec(List.of(command), Map.of(), null, null);
  }

  /** The same command run as {@code user}. */
  public ExecSpec withUser(String user) {
    return new ExecSpec(command, env, Objects.requireNonNull(user, "user"), workdir);
  }

  /** The same command with {@code env} added. */
  public ExecSpec withEnv(Map<String, String> env) {
    return new ExecSpec(command, env, user, workdir);
  }

  /** Shows the environment's names only: values may be secrets. */
  @Override
  public String toString() {
    return "ExecSpec[command="
        + command
        + ", env="
        + new java.util.TreeSet<>(env.keySet())
        + ", user="
        + user
        + ", workdir="
        + workdir
        + "]";
  }
}
