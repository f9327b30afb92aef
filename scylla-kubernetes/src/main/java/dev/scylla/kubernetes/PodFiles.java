package dev.scylla.kubernetes;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Files into and out of a pod's container as tar streams over {@link PodExec}: {@code tar -x}
 * reading what this side packed, {@code tar -c} writing what this side unpacks. The container needs
 * {@code sh} and {@code tar}. A copy out lands in a temporary folder next to its place and is moved
 * there in one step, so a folder in its place is always whole.
 */
public final class PodFiles {

  private final PodExec exec;

  /** Files through {@code exec}. */
  public PodFiles(PodExec exec) {
    this.exec = java.util.Objects.requireNonNull(exec, "exec");
  }

  /**
   * Copies the folder {@code local} (its content, recursively) into {@code podDir}, made when
   * missing; a single file is copied to {@code podDir} under its own name.
   *
   * @throws ClusterException of problem {@link ClusterException.Problem#TRANSIENT} when the copy
   *     fails
   */
  public void upload(String pod, Path local, String podDir) throws InterruptedException {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      if (Files.isDirectory(local)) {
        Files.walkFileTree(
            local,
            new SimpleFileVisitor<>() {
              @Override
              public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                  throws IOException {
                if (!dir.equals(local)) {
                  add(out, dir, local.relativize(dir).toString() + "/");
                }
                return FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                  throws IOException {
                add(out, file, local.relativize(file).toString());
                return FileVisitResult.CONTINUE;
              }
            });
      } else {
        add(out, local, local.getFileName().toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot pack " + local + ": " + e.getMessage(), e);
    }
    run(
        pod,
        List.of("sh", "-c", "mkdir -p \"$1\" && tar -x -f - -C \"$1\"", "sh", podDir),
        new ByteArrayInputStream(tar.toByteArray()),
        "copy " + local + " into " + podDir);
  }

  /**
   * Writes {@code text} to the file {@code podPath} (its folder made when missing).
   *
   * @throws ClusterException of problem {@link ClusterException.Problem#TRANSIENT} when it fails
   */
  public void write(String pod, String podPath, String text) throws InterruptedException {
    run(
        pod,
        List.of("sh", "-c", "mkdir -p \"$(dirname \"$1\")\" && cat > \"$1\"", "sh", podPath),
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        "write " + podPath);
  }

  /** The text of the file {@code podPath}, or empty when it is not there. */
  public Optional<String> read(String pod, String podPath) throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        exec.exec(pod, List.of("sh", "-c", "cat \"$1\" 2>/dev/null", "sh", podPath), null, out);
    return code == 0 ? Optional.of(out.toString(StandardCharsets.UTF_8)) : Optional.empty();
  }

  /**
   * Copies the folder {@code podDir} out to {@code target}: unpacked into a temporary folder next
   * to it, then moved into place in one step (an older {@code target} is replaced).
   *
   * @throws ClusterException of problem {@link ClusterException.Problem#TRANSIENT} when the copy
   *     fails; {@code target} is then untouched
   */
  public void download(String pod, String podDir, Path target) throws InterruptedException {
    Path parent = target.toAbsolutePath().getParent();
    Path partial;
    try {
      Files.createDirectories(parent);
      partial = Files.createTempDirectory(parent, "." + target.getFileName() + ".partial-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a folder next to " + target, e);
    }
    try {
      Path archive = Files.createTempFile(parent, "." + target.getFileName(), ".tar");
      try {
        try (OutputStream out = Files.newOutputStream(archive)) {
          run(
              pod,
              List.of("tar", "-c", "-f", "-", "-C", podDir, "."),
              null,
              out,
              "copy " + podDir + " out");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
          unpack(in, partial);
        }
      } finally {
        Files.deleteIfExists(archive);
      }
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        Path old = Files.createTempDirectory(parent, "." + target.getFileName() + ".old-");
        Files.delete(old);
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
      } else {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      deleteQuietly(partial);
      throw new ClusterException(
          ClusterException.Problem.TRANSIENT,
          "cannot copy " + podDir + " out of pod " + pod + ": " + e.getMessage(),
          e);
    } catch (RuntimeException | InterruptedException e) {
      deleteQuietly(partial);
      throw e;
    }
  }

  private void run(String pod, List<String> command, InputStream stdin, String what)
      throws InterruptedException {
    run(pod, command, stdin, OutputStream.nullOutputStream(), what);
  }

  private void run(
      String pod, List<String> command, InputStream stdin, OutputStream stdout, String what)
      throws InterruptedException {
    int code = exec.exec(pod, command, stdin, stdout);
    if (code != 0) {
      throw new ClusterException(
          ClusterException.Problem.TRANSIENT,
          "cannot " + what + " (pod " + pod + "): " + command.get(0) + " exited with " + code);
    }
  }

  private static void add(TarArchiveOutputStream out, Path file, String name) throws IOException {
    if (Files.isSymbolicLink(file)) {
      TarArchiveEntry link = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
      link.setLinkName(Files.readSymbolicLink(file).toString());
      out.putArchiveEntry(link);
      out.closeArchiveEntry();
      return;
    }
    TarArchiveEntry entry = new TarArchiveEntry(file.toFile(), name);
    entry.setMode(mode(file, Files.isDirectory(file)));
    out.putArchiveEntry(entry);
    if (Files.isRegularFile(file)) {
      Files.copy(file, out);
    }
    out.closeArchiveEntry();
  }

  private static int mode(Path file, boolean dir) throws IOException {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      int mode = 0;
      for (PosixFilePermission p : perms) {
        mode |= 1 << (8 - p.ordinal());
      }
      return mode;
    } catch (UnsupportedOperationException e) {
      return dir ? 0755 : 0644;
    }
  }

  /** Unpacks a tar stream under {@code into}, refusing entries that would land outside it. */
  static void unpack(InputStream in, Path into) throws IOException {
    Path root = into.toAbsolutePath().normalize();
    TarArchiveInputStream tar = new TarArchiveInputStream(in);
    TarArchiveEntry entry;
    while ((entry = tar.getNextEntry()) != null) {
      Path path = root.resolve(entry.getName()).normalize();
      if (!path.startsWith(root)) {
        throw new IOException("the archive's entry " + entry.getName() + " leaves its folder");
      }
      if (entry.isDirectory()) {
        Files.createDirectories(path);
        setMode(path, entry.getMode() | 0700);
      } else if (entry.isSymbolicLink()) {
        Files.createDirectories(path.getParent());
        Files.deleteIfExists(path);
        Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
      } else if (entry.isFile()) {
        Files.createDirectories(path.getParent());
        Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
        setMode(path, entry.getMode() | 0600);
      }
    }
  }

  private static void setMode(Path path, int mode) throws IOException {
    StringBuilder s = new StringBuilder();
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      s.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
    }
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(s.toString()));
    } catch (UnsupportedOperationException e) {
      // A file system without POSIX permissions keeps its defaults.
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      deleteTree(dir);
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(PodFiles.class)
          .warn("cannot remove {}: {}", dir, e.getMessage());
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
