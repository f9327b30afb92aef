package dev.scylla.core.workspace;

import dev.scylla.core.ErrorKind;
import dev.scylla.core.ScyllaException;

/**
 * A task repository or run workspace could not be prepared; the message says why and what to do. An
 * infrastructure problem unless a subclass says otherwise.
 */
public class WorkspaceException extends ScyllaException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public WorkspaceException(String message) {
    super(ErrorKind.INFRASTRUCTURE, message, null);
  }

  /** Creates the exception with its cause. */
  public WorkspaceException(String message, Throwable cause) {
    super(ErrorKind.INFRASTRUCTURE, message, cause);
  }

  /** Creates the exception of the given kind. */
  protected WorkspaceException(ErrorKind kind, String message, Throwable cause) {
    super(kind, message, cause);
  }

  /** Creates the exception of the given kind about a setting (see {@link #setting()}). */
  protected WorkspaceException(ErrorKind kind, String setting, String message, Throwable cause) {
    super(kind, setting, message, cause);
  }
}
