package dev.scylla.cli;

import dev.scylla.api.InvalidInputException;

/**
 * A mistake in what the user asked for on the command line, found by the command line itself: an
 * {@link InvalidInputException} (kind input, exit code 2), one line that says what to do.
 */
public final class UserInputException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /** An input error with its message. */
  public UserInputException(String message) {
    super(message);
  }

  /** An input error with its message and cause. */
  public UserInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
