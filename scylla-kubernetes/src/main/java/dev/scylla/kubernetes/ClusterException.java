package dev.scylla.kubernetes;

import java.util.Objects;

/**
 * A cluster refused or could not do what was asked. The problem says whether retrying can help: an
 * unreachable API server, a forbidden call, a quota and an image that cannot be pulled need a
 * person to fix something; a lost pod or a failed copy is the infrastructure's and a run may go
 * again. Either way the {@link #kind()} is the infrastructure's: the cluster, not the input.
 */
public final class ClusterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Problem {
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

  /**
   * Whose problem a {@link ClusterException} is: the same four kinds as every Scylla library's
   * exceptions have, in an enum of this library's own so that it depends on no other.
   */
  public enum Kind {
    /** A value the caller gave cannot be used. */
    INPUT,
    /** A login the cluster needs. */
    CREDENTIALS,
    /** The cluster or the way to it failed: every {@link Problem} so far. */
    INFRASTRUCTURE,
    /** A fault in Scylla: report it. */
    INTERNAL
  }

  private final Problem problem;

  /** A failure of the given problem, with one line saying what happened and what to do. */
  public ClusterException(Problem problem, String message, Throwable cause) {
    super(message, cause);
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /** A failure of the given problem, with one line saying what happened and what to do. */
  public ClusterException(Problem problem, String message) {
    this(problem, message, null);
  }

  /** What went wrong. */
  public Problem problem() {
    return problem;
  }

  /**
   * Whose problem it is: {@link Kind#INFRASTRUCTURE} for every {@link Problem} (a forbidden call or
   * a quota is the cluster's configuration, fixed by whoever runs it, not by other input).
   */
  public Kind kind() {
    return Kind.INFRASTRUCTURE;
  }

  /** Whether running the same thing again may succeed. */
  public boolean transientFailure() {
    return problem == Problem.TRANSIENT;
  }
}
