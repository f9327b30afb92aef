package dev.scylla.credentials;

import dev.scylla.credentials.internal.SecureFiles;
import dev.scylla.credentials.internal.StagingMarker;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes staging left behind: per-run directories whose PID file names a dead process (a {@code
 * kill -9}, a power cut), and the staging of shells that no longer exist. Never touches what the
 * caller says is in use.
 */
public final class StagingSweeper {

  /**
   * What a sweep did.
   *
   * @param removed directories deleted
   * @param sparedInUse directories left alone because the caller said they are in use
   * @param failures one line per directory that could not be handled
   */
  public record Report(List<Path> removed, List<Path> sparedInUse, List<String> failures) {

    /** Copies. */
    public Report {
      removed = List.copyOf(removed);
      sparedInUse = List.copyOf(sparedInUse);
      failures = List.copyOf(failures);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(StagingSweeper.class);

  /** A directory without a PID file is only taken for an orphan once it is this old. */
  private static final Duration UNMARKED_GRACE = Duration.ofHours(1);

  private final Path tempRoot;
  private final Path stateDir;

  private StagingSweeper(Path tempRoot, Path stateDir) {
    this.tempRoot = Objects.requireNonNull(tempRoot, "tempRoot").toAbsolutePath().normalize();
    this.stateDir = Objects.requireNonNull(stateDir, "stateDir").toAbsolutePath().normalize();
  }

  /** A sweeper over a temp root (per-run staging) and a state directory (shells). */
  public static StagingSweeper of(Path tempRoot, Path stateDir) {
    return new StagingSweeper(tempRoot, stateDir);
  }

  /**
   * Removes per-run staging directories whose owning process is dead, except those in {@code inUse}
   * (say, one still mounted by an orphaned container that has not been removed yet). A token
   * refreshed in such a directory is first written back to its host file, as the dead process would
   * have done.
   */
  public Report sweep(Set<Path> inUse) {
    Set<Path> keep = normalize(inUse);
    List<Path> removed = new ArrayList<>();
    List<Path> spared = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    if (!Files.isDirectory(tempRoot)) {
      return new Report(removed, spared, failures);
    }
    try (DirectoryStream<Path> dirs =
        Files.newDirectoryStream(tempRoot, StagingMarker.DIR_PREFIX + "*")) {
      for (Path dir : dirs) {
        if (!Files.isDirectory(dir) || Files.isSymbolicLink(dir)) {
          continue;
        }
        Optional<StagingMarker> marker = StagingMarker.read(dir);
        boolean orphan = marker.map(m -> !m.ownerAlive()).orElseGet(() -> olderThanGrace(dir));
        if (!orphan) {
          continue;
        }
        if (keep.contains(dir.toAbsolutePath().normalize())) {
          spared.add(dir);
          continue;
        }
        marker.ifPresent(m -> rescue(dir, m));
        try {
          SecureFiles.deleteRecursively(dir);
          Files.deleteIfExists(StagingMarker.fileFor(dir));
          removed.add(dir);
          LOG.info("removed credentials staging {} left by a process that has ended", dir);
        } catch (IOException e) {
          failures.add(dir + ": " + e.getMessage());
        }
      }
    } catch (IOException e) {
      failures.add(tempRoot + ": " + e.getMessage());
    }
    return new Report(removed, spared, failures);
  }

  /**
   * Removes the staging of shells not named in {@code existingShells} (their containers are gone).
   * Pass every shell that still exists, running or stopped.
   */
  public Report sweepShells(Set<String> existingShells) {
    List<Path> removed = new ArrayList<>();
    List<Path> spared = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    Path shells = stateDir.resolve("shells");
    if (!Files.isDirectory(shells)) {
      return new Report(removed, spared, failures);
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(shells)) {
      for (Path dir : dirs) {
        if (existingShells.contains(dir.getFileName().toString())) {
          spared.add(dir);
          continue;
        }
        try {
          SecureFiles.deleteRecursively(dir);
          removed.add(dir);
        } catch (IOException e) {
          failures.add(dir + ": " + e.getMessage());
        }
      }
    } catch (IOException e) {
      failures.add(shells + ": " + e.getMessage());
    }
    return new Report(removed, spared, failures);
  }

  private static void rescue(Path dir, StagingMarker marker) {
    if (marker.hostFile() == null) {
      return;
    }
    try {
      WriteBackResult result =
          StagedCredentials.sync(dir, new FileHostStore(marker.hostFile()), false, null);
      LOG.debug("write-back from orphaned staging {}: {}", dir, result.describe());
    } catch (CredentialsException e) {
      LOG.warn("{}", e.getMessage());
    }
  }

  private static boolean olderThanGrace(Path dir) {
    try {
      Instant modified = Files.getLastModifiedTime(dir).toInstant();
      return modified.isBefore(Instant.now().minus(UNMARKED_GRACE));
    } catch (IOException e) {
      return false;
    }
  }

  private static Set<Path> normalize(Set<Path> paths) {
    return paths.stream().map(p -> p.toAbsolutePath().normalize()).collect(Collectors.toSet());
  }
}
