package dev.scylla.core.agent;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A kind of agent runner, found by name with {@link java.util.ServiceLoader}: the built-in {@code
 * claude-code} and {@code scripted}, and any runner a jar adds (list the implementation in the
 * jar's {@code META-INF/services/dev.scylla.core.agent.AgentAdapterProvider}). {@code --agent
 * NAME[:ARG]} and {@code --judge NAME[:ARG]} pick a provider by its {@link #name()} and hand it the
 * text after the colon. Implementations need a public no-argument constructor, and must be cheap to
 * construct: every provider on the class path is instantiated to read its name.
 */
public interface AgentAdapterProvider {

  /** The runner's name, as given before the colon of {@code --agent} (e.g. {@code hello}). */
  String name();

  /** One line saying what the runner runs, for the list of runners. */
  default String description() {
    return "";
  }

  /**
   * Whether the runner can judge: it answers a judge prompt with the verdict JSON. A runner that
   * cannot is never the default judge.
   */
  default boolean canJudge() {
    return false;
  }

  /** Whether the runner drives Claude Code and so needs the host's Claude login staged. */
  default boolean needsClaudeLogin() {
    return false;
  }

  /**
   * Creates the adapter.
   *
   * @param argument the text after {@code NAME:}, or empty when none was given
   * @param context where paths in the argument resolve, and the process environment
   * @throws AgentException of kind {@code INPUT} for an argument the runner cannot use
   */
  AgentAdapter create(String argument, Context context);

  /**
   * What a provider may use to create its adapter.
   *
   * @param baseDirectory the directory a relative path in the argument resolves against (the
   *     current directory of the {@code scylla} command)
   * @param environment the process environment
   * @param claudeBinary the Claude Code executable, for runners that drive it: a name on the PATH
   *     or a path (the caller that knows the runner image, or a test's stub, says which)
   */
  record Context(Path baseDirectory, Map<String, String> environment, String claudeBinary) {

    /** Checks and copies the values. */
    public Context {
      Objects.requireNonNull(baseDirectory, "baseDirectory");
      environment = Map.copyOf(environment);
      if (claudeBinary == null || claudeBinary.isBlank()) {
        throw new IllegalArgumentException(
            "claudeBinary must name the Claude Code executable, was '" + claudeBinary + "'");
      }
    }

    /** A context whose Claude Code is {@code claude} on the PATH. */
    public Context(Path baseDirectory, Map<String, String> environment) {
      this(baseDirectory, environment, "claude");
    }

    /** A path in the argument, resolved against {@link #baseDirectory()}. */
    public Path resolve(String path) {
      return baseDirectory.resolve(path).toAbsolutePath().normalize();
    }
  }
}
