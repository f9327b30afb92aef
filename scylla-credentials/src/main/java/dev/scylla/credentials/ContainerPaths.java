package dev.scylla.credentials;

import java.util.Objects;

/**
 * Where a container expects the Claude configuration: the image that runs it decides, so the caller
 * that knows the image gives these.
 *
 * @param configDir Claude Code's configuration folder in the container: staged credentials are
 *     mounted there, and {@code CLAUDE_CONFIG_DIR} names it
 * @param legacyMountDir where credentials staged in legacy mode are mounted, read-only, for the
 *     image's entrypoint to copy into {@code configDir}
 */
public record ContainerPaths(String configDir, String legacyMountDir) {

  /** Checks that both are absolute container paths. */
  public ContainerPaths {
    requireAbsolute(configDir, "configDir");
    requireAbsolute(legacyMountDir, "legacyMountDir");
  }

  private static void requireAbsolute(String path, String field) {
    Objects.requireNonNull(path, field);
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException(
          field + " must be an absolute path in the container, was '" + path + "'");
    }
  }
}
