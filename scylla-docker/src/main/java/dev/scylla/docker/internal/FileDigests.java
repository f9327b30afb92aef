package dev.scylla.docker.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SHA-256 digests of large files (the Scylla jar, tens of MB), remembered in a folder so that a
 * file read once is not read again while it is unchanged. A remembered digest is used only while
 * the file's absolute path, size, modification time and, where the file system has them, its change
 * time and file key are the ones it was computed for: a rewritten or replaced file changes at least
 * one of them (the change time cannot be set back by {@code touch}). Whatever goes wrong with the
 * folder only costs the reading: the digest is then computed as if nothing was remembered.
 */
public final class FileDigests {

  private static final Logger log = LoggerFactory.getLogger(FileDigests.class);
  private static final String FORMAT = "scylla-file-digest/1";

  private final Path folder;

  /** Digests remembered in {@code folder} (created when the first one is written). */
  public FileDigests(Path folder) {
    this.folder = Objects.requireNonNull(folder, "folder");
  }

  /**
   * The SHA-256 of {@code file}'s bytes, in lower-case hex: the remembered one when the file is
   * unchanged since it was computed, else computed now and remembered.
   *
   * @throws IOException when the file itself cannot be read
   */
  public String sha256(Path file) throws IOException {
    Path absolute = file.toAbsolutePath().normalize();
    String identity = identity(absolute);
    Path entry = folder.resolve(hex(digest(absolute.toString().getBytes(StandardCharsets.UTF_8))));
    String remembered = read(entry, identity);
    if (remembered != null) {
      return remembered;
    }
    String computed = compute(absolute);
    // The file may have changed while it was read: remember the digest only when it did not.
    if (identity.equals(identity(absolute))) {
      write(entry, identity + "\n" + computed + "\n");
    }
    return computed;
  }

  /** What must stay the same for a remembered digest to hold. */
  static String identity(Path file) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    Object changed = null;
    try {
      changed = Files.getAttribute(file, "unix:ctime");
    } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
      // No change time on this file system: the other fields still apply.
    }
    return String.join(
        " ",
        FORMAT,
        file.toString(),
        Long.toString(attributes.size()),
        attributes.lastModifiedTime().toInstant().toString(),
        String.valueOf(changed),
        String.valueOf(attributes.fileKey()));
  }

  private static String read(Path entry, String identity) {
    try {
      if (!Files.isRegularFile(entry)) {
        return null;
      }
      String[] lines = Files.readString(entry, StandardCharsets.UTF_8).split("\n");
      if (lines.length == 2 && lines[0].equals(identity) && lines[1].matches("[0-9a-f]{64}")) {
        return lines[1];
      }
    } catch (IOException | RuntimeException e) {
      log.debug("remembered digest {} not used: {}", entry, e.toString());
    }
    return null;
  }

  private void write(Path entry, String content) {
    Path temp = null;
    try {
      Files.createDirectories(folder);
      temp = Files.createTempFile(folder, entry.getFileName().toString(), ".tmp");
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      try {
        Files.move(temp, entry, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, entry, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("digest not remembered in {}: {}", folder, e.toString());
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          log.debug("cannot delete {}", temp);
        }
      }
    }
  }

  private static String compute(Path file) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return hex(digest.digest());
  }

  private static byte[] digest(byte[] bytes) {
    return sha256().digest(bytes);
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }
}
