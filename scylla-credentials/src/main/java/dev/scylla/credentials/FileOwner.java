package dev.scylla.credentials;

/**
 * A numeric POSIX owner for staged files.
 *
 * @param uid user id, not negative
 * @param gid group id, not negative
 */
public record FileOwner(int uid, int gid) {

  /** Validates the ids. */
  public FileOwner {
    if (uid < 0) {
      throw new IllegalArgumentException("uid must not be negative, got " + uid);
    }
    if (gid < 0) {
      throw new IllegalArgumentException("gid must not be negative, got " + gid);
    }
  }

  /** Whether this is root (uid 0). */
  public boolean isRoot() {
    return uid == 0;
  }

  /** {@code uid:gid}, the form {@code docker run --user} takes. */
  @Override
  public String toString() {
    return uid + ":" + gid;
  }
}
