package dev.scylla.docker;

import java.util.Objects;

/**
 * What a command run with {@link ContainerRuntime#exec(String, ExecSpec)} returned.
 *
 * @param exitCode its exit code
 * @param stdout its standard output
 * @param stderr its standard error
 */
public record ExecResult(int exitCode, String stdout, String stderr) {
  /** Validates the streams are present. */
  public ExecResult {
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
  }
}
