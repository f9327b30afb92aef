package dev.scylla.credentials.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive locks that hold across threads and processes. A {@link FileLock} is per process (a
 * second thread of the same JVM gets {@code OverlappingFileLockException}), so threads first queue
 * on an in-process lock per lock file, then one of them takes the file lock.
 */
public final class Locks {

  /** Work done while holding a lock. */
  @FunctionalInterface
  public interface LockedWork<T> {
    /** Runs with the lock held. */
    T run() throws IOException;
  }

  private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private Locks() {}

  /**
   * Runs {@code work} holding an exclusive lock on {@code lockFile}, creating the file (mode 0600,
   * owned by {@code uid}:{@code gid} when not negative) if needed. The lock file is left in place:
   * deleting it would let two processes lock two different files of the same name.
   */
  public static <T> T withExclusiveLock(Path lockFile, int uid, int gid, LockedWork<T> work)
      throws IOException {
    Path key = lockFile.toAbsolutePath().normalize();
    ReentrantLock local = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
    local.lock();
    Path parent = key.getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      Files.createDirectories(
          parent, PosixFilePermissions.asFileAttribute(SecureFiles.DIR_PRIVATE));
    }
    // A file channel closes itself when the thread is interrupted, which would drop the lock and
    // fail the work: a write-back after Ctrl-C must still happen. The interrupt is kept for later.
    boolean interrupted = Thread.interrupted();
    try (FileChannel ch =
        FileChannel.open(
            key,
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(SecureFiles.FILE_PRIVATE))) {
      SecureFiles.chown(key, uid, gid);
      try (FileLock ignored = ch.lock()) {
        return work.run();
      }
    } finally {
      local.unlock();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
