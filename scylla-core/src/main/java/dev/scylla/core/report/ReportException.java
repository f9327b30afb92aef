package dev.scylla.core.report;

/** A results folder cannot be read back; the message names the file and what to do. */
public class ReportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public ReportException(String message) {
    super(message);
  }

  /** Creates the exception with its cause. */
  public ReportException(String message, Throwable cause) {
    super(message, cause);
  }
}
