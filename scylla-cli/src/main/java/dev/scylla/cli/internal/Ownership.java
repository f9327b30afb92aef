package dev.scylla.cli.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Lends a directory tree to another user and takes it back: when Scylla runs as root, the
 * container's fixed non-root user must write the results, and the host user must own them after.
 * Symbolic links are changed themselves, never followed.
 */
public final class Ownership {

  private Ownership() {}

  /**
   * Gives every file and directory under {@code root} (included) whose owner is {@code fromUid} to
   * {@code uid:gid}; with {@code fromUid} negative, every one.
   */
  public static void chownTree(Path root, long fromUid, int uid, int gid) {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              chown(dir);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              chown(file);
              return FileVisitResult.CONTINUE;
            }

            private void chown(Path path) throws IOException {
              if (fromUid >= 0
                  && ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS))
                          .longValue()
                      != fromUid) {
                return;
              }
              Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
              Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot change the owner of " + root + ": " + e.getMessage(), e);
    }
  }
}
