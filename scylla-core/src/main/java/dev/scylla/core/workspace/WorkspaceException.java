package dev.scylla.core.workspace;

/**
 * A task repository or run workspace could not be prepared; the message says why and what to do.
 */
public class WorkspaceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public WorkspaceException(String message) {
    super(message);
  }

  /** Creates the exception with its cause. */
  public WorkspaceException(String message, Throwable cause) {
    super(message, cause);
  }
}
