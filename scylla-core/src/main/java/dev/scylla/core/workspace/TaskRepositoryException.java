package dev.scylla.core.workspace;

import dev.scylla.core.ErrorKind;

/**
 * The task repository cannot be used: missing, unreachable, or without the commit asked for. An
 * input problem: the message names the source and what to check, and {@link #setting()} says
 * whether the repository ({@value #REPO}) or the commit ({@value #COMMIT}) is at fault.
 */
public final class TaskRepositoryException extends WorkspaceException {
  private static final long serialVersionUID = 1L;

  /** The setting of the task repository (a fixture's {@code source.repo}). */
  public static final String REPO = "repo";

  /** The setting of the commit to check out (a fixture's {@code source.hash}). */
  public static final String COMMIT = "commit";

  /** Creates the exception. */
  public TaskRepositoryException(String message) {
    super(ErrorKind.INPUT, null, message, null);
  }

  /** Creates the exception with its cause. */
  public TaskRepositoryException(String message, Throwable cause) {
    super(ErrorKind.INPUT, null, message, cause);
  }

  /**
   * Creates the exception about one setting, {@link #REPO} or {@link #COMMIT}.
   *
   * @param cause the cause, or null
   */
  public TaskRepositoryException(String setting, String message, Throwable cause) {
    super(ErrorKind.INPUT, setting, message, cause);
  }
}
