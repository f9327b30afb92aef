package dev.scylla.credentials;

/** How staged credentials reach the container. */
public enum StagingMode {
  /**
   * The default: directory 0700 and files 0600 owned by the container user, mounted read-write as
   * the container's Claude config directory, so a token refreshed inside can be written back.
   */
  STAGED,
  /**
   * The older flow, only when asked for: directory 0755 and files 0644, mounted read-only at the
   * container's legacy mount ({@link ContainerPaths#legacyMountDir()}) and copied by the image's
   * entrypoint. It cannot write a refreshed token back.
   */
  LEGACY
}
