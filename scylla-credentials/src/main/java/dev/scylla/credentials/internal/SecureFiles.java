package dev.scylla.credentials.internal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/** File operations with explicit permissions and owners, never left to the umask. */
public final class SecureFiles {

  /** rwx------ */
  public static final Set<PosixFilePermission> DIR_PRIVATE =
      PosixFilePermissions.fromString("rwx------");

  /** rw------- */
  public static final Set<PosixFilePermission> FILE_PRIVATE =
      PosixFilePermissions.fromString("rw-------");

  /** rwxr-xr-x, legacy mode only. */
  public static final Set<PosixFilePermission> DIR_SHARED =
      PosixFilePermissions.fromString("rwxr-xr-x");

  /** rw-r--r--, legacy mode only. */
  public static final Set<PosixFilePermission> FILE_SHARED =
      PosixFilePermissions.fromString("rw-r--r--");

  private static final SecureRandom RANDOM = new SecureRandom();

  private SecureFiles() {}

  /** A random lowercase-hex suffix for temp and staging names. */
  public static String randomSuffix() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * Replaces {@code target} with {@code content}: a temp file in the same directory, written, given
   * {@code perms} and owner {@code uid}:{@code gid} (negative: unchanged), then moved over the
   * target atomically, so a reader sees either the old or the new file, never half of one. With
   * {@code durable} the data is synced to disk before the move (files that must survive a crash);
   * staging, which a crash makes garbage anyway, skips that cost.
   */
  public static void writeAtomically(
      Path target,
      String content,
      Set<PosixFilePermission> perms,
      int uid,
      int gid,
      boolean durable)
      throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = dir.resolve("." + target.getFileName() + "." + randomSuffix() + ".tmp");
    try {
      // Created private and new, then written through a stream rather than a channel: a channel
      // closes itself when the thread is interrupted, and a token written back after Ctrl-C or an
      // interrupt of an embedding thread must not be lost that way.
      Files.createFile(temp, PosixFilePermissions.asFileAttribute(FILE_PRIVATE));
      try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
        if (durable) {
          out.getFD().sync();
        }
      }
      Files.setPosixFilePermissions(temp, perms);
      chown(temp, uid, gid);
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system of " + dir + " cannot replace files atomically", e);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Makes sure {@code file} exists (content untouched) with the given mode and owner. */
  public static void ensureFile(Path file, Set<PosixFilePermission> perms, int uid, int gid)
      throws IOException {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      // Something else under this name (a link planted in a shared directory): never chmod
      // through it, replace it.
      deleteRecursively(file);
    }
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(perms));
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // Already there: the mode and owner below are re-applied anyway.
    }
    setModeNoFollow(file, perms);
    chown(file, uid, gid);
  }

  /** Sets the mode of a regular file or directory; a symbolic link is left alone. */
  public static void setModeNoFollow(Path path, Set<PosixFilePermission> perms) throws IOException {
    if (!Files.isSymbolicLink(path)) {
      Files.setPosixFilePermissions(path, perms);
    }
  }

  /**
   * Sets the numeric owner and group; a negative id leaves that one alone. Changing them needs root
   * unless they are already the caller's.
   */
  public static void chown(Path path, int uid, int gid) throws IOException {
    if (uid >= 0 && uidOf(path) != uid) {
      Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    }
    if (gid >= 0 && gidOf(path) != gid) {
      Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }
  }

  /** The numeric owner of a path. */
  public static int uidOf(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  /** The numeric group of a path. */
  public static int gidOf(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
  }

  /** Deletes a tree without following symbolic links; a missing root is not an error. */
  public static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
            if (exc instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw exc;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            if (exc != null && !(exc instanceof NoSuchFileException)) {
              throw exc;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
