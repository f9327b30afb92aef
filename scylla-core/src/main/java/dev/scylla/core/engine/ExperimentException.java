package dev.scylla.core.engine;

import dev.scylla.core.ErrorKind;
import dev.scylla.core.ScyllaException;

/**
 * An experiment cannot start or continue; the message says why and what to do next. An
 * infrastructure problem unless a subclass says otherwise.
 */
public class ExperimentException extends ScyllaException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public ExperimentException(String message) {
    super(ErrorKind.INFRASTRUCTURE, message, null);
  }

  /** Creates the exception with its cause. */
  public ExperimentException(String message, Throwable cause) {
    super(ErrorKind.INFRASTRUCTURE, message, cause);
  }

  /** Creates the exception of the given kind. */
  protected ExperimentException(ErrorKind kind, String message, Throwable cause) {
    super(kind, message, cause);
  }

  /** Creates the exception of the given kind about a setting (see {@link #setting()}). */
  protected ExperimentException(ErrorKind kind, String setting, String message, Throwable cause) {
    super(kind, setting, message, cause);
  }
}
