package dev.scylla.docker;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A bind mount of a host path into a container.
 *
 * @param hostPath an absolute host path
 * @param containerPath an absolute path inside the container
 * @param readOnly whether the container may only read it
 */
public record Mount(Path hostPath, String containerPath, boolean readOnly) {
  /** Validates that both paths are absolute. */
  public Mount {
    Objects.requireNonNull(hostPath, "hostPath");
    Objects.requireNonNull(containerPath, "containerPath");
    if (!hostPath.isAbsolute()) {
      throw new IllegalArgumentException("hostPath must be absolute, was " + hostPath);
    }
    if (!containerPath.startsWith("/")) {
      throw new IllegalArgumentException("containerPath must be absolute, was " + containerPath);
    }
  }

  /** A read-write mount. */
  public static Mount readWrite(Path hostPath, String containerPath) {
    return new Mount(hostPath, containerPath, false);
  }

  /** A read-only mount. */
  public static Mount readOnly(Path hostPath, String containerPath) {
    return new Mount(hostPath, containerPath, true);
  }

  /** The same absolute path on both sides, so paths written inside stay true on the host. */
  public static Mount samePath(Path hostPath, boolean readOnly) {
    return new Mount(hostPath, hostPath.toString(), readOnly);
  }
}
