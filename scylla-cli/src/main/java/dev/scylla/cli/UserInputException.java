package dev.scylla.cli;

import dev.scylla.core.ErrorKind;
import dev.scylla.core.ScyllaException;

/**
 * A mistake in what the user asked for on the command line: kind {@link ErrorKind#INPUT} (exit code
 * 2), one line that says what to do.
 */
public final class UserInputException extends ScyllaException {
  private static final long serialVersionUID = 1L;

  /** An input error with its message. */
  public UserInputException(String message) {
    super(ErrorKind.INPUT, message, null);
  }

  /** An input error with its message and cause. */
  public UserInputException(String message, Throwable cause) {
    super(ErrorKind.INPUT, message, cause);
  }
}
