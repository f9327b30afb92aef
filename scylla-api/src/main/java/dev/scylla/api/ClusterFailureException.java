package dev.scylla.api;

import dev.scylla.core.ErrorKind;
import dev.scylla.core.ScyllaException;

/**
 * The cluster of the Kubernetes target could not run the experiment: its API server cannot be
 * reached, it forbids a call, a quota refuses the pods, the image cannot be pulled, or runs were
 * lost more often than they may go again. An infrastructure failure: the message says what to fix,
 * and the experiment folder (when one was made) stays resumable.
 */
public final class ClusterFailureException extends ScyllaException {
  private static final long serialVersionUID = 1L;

  /** A failure with one line saying what to fix. */
  public ClusterFailureException(String message, Throwable cause) {
    super(ErrorKind.INFRASTRUCTURE, message, cause);
  }
}
