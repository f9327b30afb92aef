package dev.scylla.api;

import dev.scylla.core.ErrorKind;
import dev.scylla.core.ScyllaException;

/**
 * The Scylla inside the runner container ended with one of its own error codes before the
 * experiment could run or finish: bad input it found (2), an infrastructure problem (3), a
 * credentials problem (4); or it reported an experiment folder that cannot be read back. The
 * message is its last line of error output, or says what could not be read; the kind is the one
 * whose exit code the runner chose (any other code is {@link ErrorKind#INTERNAL}).
 */
public final class RunnerExitException extends ScyllaException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;
  private final boolean fromOutput;

  /**
   * The failure of a runner that exited with {@code exitCode}.
   *
   * @param fromOutput whether the message is a line of the container's output (a listener saw it)
   */
  public RunnerExitException(int exitCode, String message, boolean fromOutput) {
    super(kindOf(exitCode), message, null);
    this.exitCode = exitCode;
    this.fromOutput = fromOutput;
  }

  /** Whether the message is a line the container printed, which its listener was given. */
  public boolean fromOutput() {
    return fromOutput;
  }

  /** The runner container's exit code, one of {@link ExitCodes}. */
  public int exitCode() {
    return exitCode;
  }

  /**
   * The kind whose exit code is {@code exitCode} ({@link ExitCodes#of(ErrorKind)} read backwards),
   * so that a caller exits with the code the runner chose; any other code is internal.
   */
  private static ErrorKind kindOf(int exitCode) {
    return switch (exitCode) {
      case ExitCodes.USAGE -> ErrorKind.INPUT;
      case ExitCodes.DOCKER -> ErrorKind.INFRASTRUCTURE;
      case ExitCodes.CREDENTIALS -> ErrorKind.CREDENTIALS;
      default -> ErrorKind.INTERNAL;
    };
  }
}
