package dev.scylla.core.report;

import dev.scylla.core.ErrorKind;
import dev.scylla.core.ScyllaException;

/** A results folder cannot be read back; the message names the file and what to do. */
public class ReportException extends ScyllaException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public ReportException(String message) {
    super(ErrorKind.INPUT, message, null);
  }

  /** Creates the exception with its cause. */
  public ReportException(String message, Throwable cause) {
    super(ErrorKind.INPUT, message, cause);
  }
}
