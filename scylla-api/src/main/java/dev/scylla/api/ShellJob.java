package dev.scylla.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An interactive bash (or one command) in a named, long-lived runner container: created when it
 * does not exist, started when stopped, entered when running. Its Claude login is staged for its
 * lifetime and synced with the host at each entry. It ends in the exit code of the bash or the
 * command. Only a container target runs it.
 *
 * @param name the shell's container name
 * @param command a command to run instead of an interactive bash (no terminal); empty: bash
 * @param workingDirectory the host folder mounted at the same path and started in, when the shell
 *     is created
 */
public record ShellJob(String name, List<String> command, Path workingDirectory)
    implements Job<Integer> {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");

  /**
   * Checks the name.
   *
   * @throws InvalidInputException for a name a container cannot have
   */
  public ShellJob {
    requireName(name);
    command = List.copyOf(command);
    workingDirectory =
        Objects.requireNonNull(workingDirectory, "workingDirectory").toAbsolutePath().normalize();
  }

  /** An interactive bash in the shell {@code name}, started in the current directory. */
  public static ShellJob interactive(String name) {
    return new ShellJob(name, List.of(), Path.of(""));
  }

  /** Whether it opens an interactive bash (it needs a terminal). */
  public boolean interactive() {
    return command.isEmpty();
  }

  @Override
  public String label() {
    return name;
  }

  @Override
  public List<Path> readPaths() {
    return List.of();
  }

  @Override
  public List<Path> writePaths() {
    return List.of(workingDirectory);
  }

  /** A shell stages the login when there is one; without, its banner says what is missing. */
  @Override
  public boolean needsLogin() {
    return false;
  }

  /**
   * {@code name} when a shell may have it.
   *
   * @throws InvalidInputException when it may not
   */
  public static String requireName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          "shell name "
              + name
              + " is not valid: letters, digits, '_', '.', '-', starting with a letter or digit");
    }
    return name;
  }
}
