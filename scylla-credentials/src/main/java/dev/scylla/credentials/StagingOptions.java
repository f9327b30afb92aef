package dev.scylla.credentials;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to stage credentials.
 *
 * @param mode staged (read-write, owner-only) or legacy (read-only copy)
 * @param owner the numeric owner to give the staged files, or {@code null} to leave them owned by
 *     this process's user (giving them to another user needs root)
 * @param trustedWorkspaces absolute paths marked trusted in the seeded {@code .claude.json}, so
 *     Claude Code shows no trust prompt for them
 * @param containerPaths where the container expects the configuration, or {@code null} when the
 *     staging is not mounted into a container (then {@link StagedCredentials#mountTarget()} and
 *     {@link StagedCredentials#environment()} cannot be asked)
 */
public record StagingOptions(
    StagingMode mode,
    FileOwner owner,
    List<Path> trustedWorkspaces,
    ContainerPaths containerPaths) {

  /** Validates and copies. */
  public StagingOptions {
    Objects.requireNonNull(mode, "mode");
    trustedWorkspaces = List.copyOf(trustedWorkspaces);
    for (Path p : trustedWorkspaces) {
      if (!p.isAbsolute()) {
        throw new IllegalArgumentException("trustedWorkspaces must be absolute, got " + p);
      }
    }
  }

  /** Staged mode, files owned by this process's user, no trusted workspace, no container paths. */
  public static StagingOptions defaults() {
    return new StagingOptions(StagingMode.STAGED, null, List.of(), null);
  }

  /** A copy with another mode. */
  public StagingOptions withMode(StagingMode newMode) {
    return new StagingOptions(newMode, owner, trustedWorkspaces, containerPaths);
  }

  /** A copy that chowns staged files to {@code newOwner} (needs root when not the caller). */
  public StagingOptions withOwner(FileOwner newOwner) {
    return new StagingOptions(mode, newOwner, trustedWorkspaces, containerPaths);
  }

  /** A copy marking these workspaces trusted. */
  public StagingOptions withTrustedWorkspaces(List<Path> paths) {
    return new StagingOptions(mode, owner, paths, containerPaths);
  }

  /** A copy for a container that expects the configuration at {@code paths}. */
  public StagingOptions withContainerPaths(ContainerPaths paths) {
    return new StagingOptions(mode, owner, trustedWorkspaces, Objects.requireNonNull(paths));
  }

  /** The owner, if one was given. */
  public Optional<FileOwner> ownerIfSet() {
    return Optional.ofNullable(owner);
  }
}
