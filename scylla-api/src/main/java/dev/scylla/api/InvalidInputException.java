package dev.scylla.api;

import dev.scylla.core.ErrorKind;
import dev.scylla.core.ScyllaException;

/**
 * What was asked cannot be done as given: a missing file, a bad value, a path the container cannot
 * use. The message is one line that says what to change. {@link ErrorKind#INPUT}; a front end may
 * subclass it for the mistakes it finds itself.
 */
public class InvalidInputException extends ScyllaException {
  private static final long serialVersionUID = 1L;

  /** An input error with its message. */
  public InvalidInputException(String message) {
    super(ErrorKind.INPUT, message, null);
  }

  /** An input error with its message and cause. */
  public InvalidInputException(String message, Throwable cause) {
    super(ErrorKind.INPUT, message, cause);
  }

  /**
   * An input error about the value of the setting {@code setting} (its stable name, e.g. a key of
   * the settings document), with its message and cause (or null).
   */
  public InvalidInputException(String setting, String message, Throwable cause) {
    super(ErrorKind.INPUT, setting, message, cause);
  }
}
