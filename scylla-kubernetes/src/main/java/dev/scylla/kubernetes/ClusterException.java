package dev.scylla.kubernetes;

/**
 * A cluster refused or could not do what was asked. The kind says whether retrying can help: an
 * unreachable API server, a forbidden call, a quota and an image that cannot be pulled need a
 * person to fix something; a lost pod or a failed copy is the infrastructure's and a run may go
 * again.
 */
public final class ClusterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** The API server cannot be reached. */
    UNREACHABLE,
    /** The API server refused a call (RBAC 403). */
    FORBIDDEN,
    /** A resource quota refused a pod. */
    QUOTA,
    /** The kubelet cannot pull the pod's image. */
    IMAGE_PULL,
    /**
     * Something a retry may not meet again: a lost pod, a failed copy, a pod that never started.
     */
    TRANSIENT
  }

  private final Kind kind;

  /** A failure of the given kind, with one line saying what happened and what to do. */
  public ClusterException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = java.util.Objects.requireNonNull(kind, "kind");
  }

  /** A failure of the given kind, with one line saying what happened and what to do. */
  public ClusterException(Kind kind, String message) {
    this(kind, message, null);
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }

  /** Whether running the same thing again may succeed. */
  public boolean transientFailure() {
    return kind == Kind.TRANSIENT;
  }
}
