package dev.scylla.api.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host paths an experiment touches, mounted at the same absolute paths inside the container, so
 * that paths written into results and checkpoints stay valid on the host.
 *
 * <p>A path already covered by a mounted ancestor with the same or broader access is dropped; a
 * writable path below a read-only one is kept (Docker mounts the deeper one over it). Paths that
 * would shadow the container's own system (the root, {@code /usr}, {@code /etc}...) are refused.
 * {@code /root} is not among them: a root host user's home is mounted like any other (the
 * container's user has its home in {@code /home/scylla}).
 */
public final class MountPlan {

  /** Container paths a same-path mount must never replace. */
  private static final Set<Path> RESERVED =
      Set.of(
          Path.of("/"),
          Path.of("/bin"),
          Path.of("/boot"),
          Path.of("/dev"),
          Path.of("/etc"),
          Path.of("/home"),
          Path.of("/lib"),
          Path.of("/lib64"),
          Path.of("/opt"),
          Path.of("/proc"),
          Path.of("/run"),
          Path.of("/sbin"),
          Path.of("/sys"),
          Path.of("/tmp"),
          Path.of("/usr"),
          Path.of("/var"));

  private static final List<Path> RESERVED_TREES =
      List.of(
          Path.of("/bin"),
          Path.of("/boot"),
          Path.of("/dev"),
          Path.of("/etc"),
          Path.of("/lib"),
          Path.of("/lib64"),
          Path.of("/opt/scylla"),
          Path.of("/home/scylla"),
          Path.of("/proc"),
          Path.of("/sbin"),
          Path.of("/sys"),
          Path.of("/usr"));

  /** One bind mount: host path, container path, read-only or not. */
  public record Entry(Path hostPath, Path containerPath, boolean readOnly) {}

  private final Map<Path, Boolean> sameAt = new LinkedHashMap<>();
  private final List<Entry> explicit = new ArrayList<>();

  /**
   * Adds a host path to mount at the same path. Writable wins over read-only for the same path.
   *
   * @throws IllegalArgumentException when the path would shadow a system directory of the container
   */
  public MountPlan add(Path hostPath, boolean readOnly) {
    Path path = hostPath.toAbsolutePath().normalize();
    if (isReserved(path)) {
      throw new IllegalArgumentException(
          path
              + " cannot be mounted into the runner container at the same path: it would hide the"
              + " container's own "
              + path
              + "; move the file or directory elsewhere (under your home, for example)");
    }
    sameAt.merge(path, readOnly, (a, b) -> a && b);
    return this;
  }

  /** Like {@link #add}, but silently skips a path that cannot be mounted at the same place. */
  public boolean addIfMountable(Path hostPath, boolean readOnly) {
    if (isReserved(hostPath.toAbsolutePath().normalize())) {
      return false;
    }
    add(hostPath, readOnly);
    return true;
  }

  /** A plan with the same paths, changed apart from this one. */
  public MountPlan copy() {
    MountPlan copy = new MountPlan();
    copy.sameAt.putAll(sameAt);
    copy.explicit.addAll(explicit);
    return copy;
  }

  /** Adds a mount at a container path of the caller's choice ({@code --mount SRC:DST[:ro]}). */
  public MountPlan addExplicit(Path hostPath, Path containerPath, boolean readOnly) {
    explicit.add(
        new Entry(hostPath.toAbsolutePath().normalize(), containerPath.normalize(), readOnly));
    return this;
  }

  /**
   * Checks that the container, which runs as the host user, can use every host path of the plan:
   * read (and enter) each one, and write the writable ones (or, for one that does not exist yet,
   * create it in its nearest existing parent).
   *
   * @throws IllegalArgumentException naming the first path that cannot be used and why
   */
  public void requireUsable() {
    for (Entry entry : entries()) {
      requireUsable(entry.hostPath(), entry.readOnly());
    }
  }

  /** {@link #requireUsable()} for one path. */
  public static void requireUsable(Path hostPath, boolean readOnly) {
    Path path = hostPath.toAbsolutePath().normalize();
    if (!Files.exists(path)) {
      if (readOnly) {
        throw new IllegalArgumentException(path + " does not exist");
      }
      Path parent = path.getParent();
      while (parent != null && !Files.exists(parent)) {
        parent = parent.getParent();
      }
      if (parent != null && !(Files.isWritable(parent) && Files.isExecutable(parent))) {
        throw new IllegalArgumentException(
            path + " cannot be created: " + parent + " is not writable by " + whoAmI());
      }
      return;
    }
    boolean dir = Files.isDirectory(path);
    if (!Files.isReadable(path) || dir && !Files.isExecutable(path)) {
      throw new IllegalArgumentException(
          path
              + " cannot be used in the runner container: "
              + whoAmI()
              + " cannot "
              + (dir ? "enter" : "read")
              + " it (give it read permission, or move it)");
    }
    if (!readOnly && !Files.isWritable(path)) {
      throw new IllegalArgumentException(
          path
              + " cannot be used in the runner container: "
              + whoAmI()
              + " cannot write to it (choose another results folder, or fix its permissions)");
    }
  }

  private static String whoAmI() {
    return "user " + System.getProperty("user.name", "?");
  }

  /** Whether a same-path mount of this path would hide part of the container's system. */
  public static boolean isReserved(Path path) {
    if (RESERVED.contains(path)) {
      return true;
    }
    return RESERVED_TREES.stream().anyMatch(path::startsWith);
  }

  /** The minimal list of mounts, shallowest first. */
  public List<Entry> entries() {
    List<Entry> result = new ArrayList<>();
    for (Map.Entry<Path, Boolean> candidate : sameAt.entrySet()) {
      Path path = candidate.getKey();
      boolean readOnly = candidate.getValue();
      if (!coveredByAncestor(path, readOnly)) {
        result.add(new Entry(path, path, readOnly));
      }
    }
    result.addAll(explicit);
    result.sort(Comparator.comparingInt((Entry e) -> e.containerPath().getNameCount()));
    return List.copyOf(result);
  }

  private boolean coveredByAncestor(Path path, boolean readOnly) {
    for (Map.Entry<Path, Boolean> other : sameAt.entrySet()) {
      Path ancestor = other.getKey();
      if (ancestor.equals(path) || !path.startsWith(ancestor)) {
        continue;
      }
      boolean ancestorReadOnly = other.getValue();
      // A read-only path under a writable one, or any path under the same access, is covered;
      // a writable path under a read-only one needs its own mount.
      if (!ancestorReadOnly || readOnly) {
        return true;
      }
    }
    return false;
  }
}
