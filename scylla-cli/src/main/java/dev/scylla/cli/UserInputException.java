package dev.scylla.cli;

/** A mistake in what the user asked for: exit code 2, one line that says what to do. */
public final class UserInputException extends RuntimeException {
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
