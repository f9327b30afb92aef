package dev.scylla.kubernetes;

import java.util.Objects;

/**
 * Where a pod is, as Scylla needs to know it.
 *
 * @param phase the pod's phase, or {@link Phase#ABSENT} when there is no such pod
 * @param reason the pod's or its container's reason (e.g. {@code Evicted}, {@code ErrImagePull}),
 *     or empty
 * @param message the cluster's message for that reason, or empty
 */
public record PodState(Phase phase, String reason, String message) {

  /** A pod's phase, and no pod at all. */
  public enum Phase {
    /** No pod of that name (deleted, or never created). */
    ABSENT,
    /** Accepted, not yet running (scheduling, pulling the image). */
    PENDING,
    /** Its container runs. */
    RUNNING,
    /** Its container ended with exit 0. */
    SUCCEEDED,
    /** Its container ended otherwise, or the pod was evicted or its node lost. */
    FAILED,
    /** The cluster does not know (a lost node's pods). */
    UNKNOWN
  }

  /** Validates the state; null texts are empty. */
  public PodState {
    Objects.requireNonNull(phase, "phase");
    reason = reason == null ? "" : reason;
    message = message == null ? "" : message;
  }

  /** No pod. */
  public static PodState absent() {
    return new PodState(Phase.ABSENT, "", "");
  }

  /** Whether the kubelet reports that it cannot pull the image. */
  public boolean imagePullFailure() {
    return reason.equals("ErrImagePull")
        || reason.equals("ImagePullBackOff")
        || reason.equals("InvalidImageName")
        || reason.equals("ErrImageNeverPull");
  }
}
