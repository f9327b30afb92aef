package dev.scylla.docker;

import dev.scylla.docker.internal.HostIdentity;

/**
 * A numeric user and group id pair.
 *
 * @param uid the user id
 * @param gid the group id
 */
public record UserIds(int uid, int gid) {
  /** Validates the ids are not negative. */
  public UserIds {
    if (uid < 0) {
      throw new IllegalArgumentException("uid must be >= 0, was " + uid);
    }
    if (gid < 0) {
      throw new IllegalArgumentException("gid must be >= 0, was " + gid);
    }
  }

  /** The effective ids of this process. */
  public static UserIds current() {
    return new UserIds(HostIdentity.uid(), HostIdentity.gid());
  }

  /** Whether this is the root user. */
  public boolean isRoot() {
    return uid == 0;
  }

  /** The {@code uid:gid} form Docker takes. */
  public String spec() {
    return uid + ":" + gid;
  }
}
