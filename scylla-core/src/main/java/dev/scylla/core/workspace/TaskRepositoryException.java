package dev.scylla.core.workspace;

import dev.scylla.core.ErrorKind;

/**
 * The task repository cannot be used: missing, unreachable, or without the commit asked for. An
 * input problem: the message names the source and what to check.
 */
public final class TaskRepositoryException extends WorkspaceException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public TaskRepositoryException(String message) {
    super(ErrorKind.INPUT, message, null);
  }

  /** Creates the exception with its cause. */
  public TaskRepositoryException(String message, Throwable cause) {
    super(ErrorKind.INPUT, message, cause);
  }
}
