package dev.scylla.core.engine;

/** An experiment cannot start or continue; the message says why and what to do next. */
public class ExperimentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public ExperimentException(String message) {
    super(message);
  }

  /** Creates the exception with its cause. */
  public ExperimentException(String message, Throwable cause) {
    super(message, cause);
  }
}
