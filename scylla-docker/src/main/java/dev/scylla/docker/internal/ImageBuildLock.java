package dev.scylla.docker.internal;

import dev.scylla.docker.DockerException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * An exclusive lock held while one runner image is built: a file lock between processes, plus a
 * lock within this JVM (file locks are per process, so two threads would not exclude each other).
 */
public final class ImageBuildLock implements AutoCloseable {

  private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private final ReentrantLock threadLock;
  private final FileChannel channel;
  private final FileLock fileLock;

  private ImageBuildLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
    this.threadLock = threadLock;
    this.channel = channel;
    this.fileLock = fileLock;
  }

  /**
   * Blocks until the lock on {@code file} is held; tells {@code waiting} once when it has to wait.
   */
  public static ImageBuildLock acquire(Path file, Consumer<String> waiting) {
    Path key = file.toAbsolutePath().normalize();
    ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
    if (!threadLock.tryLock()) {
      waiting.accept("waiting for another build of the same runner image in this process");
      try {
        threadLock.lockInterruptibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DockerException("interrupted while waiting for the image build lock " + key, e);
      }
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(key.getParent());
      channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        waiting.accept("waiting for another Scylla process that is building the same runner image");
        lock = channel.lock();
      }
      return new ImageBuildLock(threadLock, channel, lock);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      threadLock.unlock();
      throw new DockerException(
          "cannot take the image build lock "
              + key
              + ": "
              + e.getMessage()
              + " (check that the folder is writable, or choose another lock folder)",
          e);
    }
  }

  @Override
  public void close() {
    try {
      fileLock.release();
    } catch (IOException e) {
      // Closing the channel below releases it anyway.
    } finally {
      closeQuietly(channel);
      threadLock.unlock();
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing more to release.
    }
  }
}
