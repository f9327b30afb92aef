package dev.scylla.core.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.scylla.core.internal.ScyllaJson;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and reads Scylla's result files. Every write goes to a temporary file in the target's
 * folder, is flushed to disk, then moved over the target with {@code ATOMIC_MOVE}, so a crash
 * leaves either the old file or the new one, never half of one. Files are created {@code
 * rw-r--r--}. Writes and reads succeed on a thread with a pending interrupt (a stopping
 * experiment's) and leave its interrupt flag set.
 */
public final class ResultFiles {
  private static final Logger LOG = LoggerFactory.getLogger(ResultFiles.class);
  private static final Set<PosixFilePermission> FILE_PERMISSIONS =
      PosixFilePermissions.fromString("rw-r--r--");

  private ResultFiles() {}

  /**
   * Writes {@code value} as JSON ({@link ScyllaJson#mapper()}) to {@code file} atomically, creating
   * missing parent folders.
   *
   * @throws ResultFileException when it cannot be serialized or written
   */
  public static void writeJson(Path file, Object value) {
    byte[] bytes;
    try {
      bytes = ScyllaJson.mapper().writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new ResultFileException(file, "cannot be serialized: " + e.getOriginalMessage(), e);
    }
    writeAtomically(file, appendNewline(bytes));
  }

  /**
   * Writes {@code text} (UTF-8) to {@code file} atomically, creating missing parent folders.
   *
   * @throws ResultFileException when it cannot be written
   */
  public static void writeText(Path file, String text) {
    writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a JSON file into {@code type}.
   *
   * @throws ResultFileException when the file is missing, unreadable or not a valid {@code type}
   */
  public static <T> T readJson(Path file, Class<T> type) {
    try {
      return ScyllaJson.mapper().readValue(file.toFile(), type);
    } catch (JsonMappingException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      String detail =
          root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
      throw new ResultFileException(
          file, "is not a valid " + type.getSimpleName() + " file: " + firstLine(detail), e);
    } catch (JsonProcessingException e) {
      throw new ResultFileException(
          file, "is not valid JSON: " + firstLine(e.getOriginalMessage()), e);
    } catch (NoSuchFileException e) {
      throw new ResultFileException(file, "does not exist", e);
    } catch (IOException e) {
      if (!Files.exists(file)) {
        throw new ResultFileException(file, "does not exist", e);
      }
      throw new ResultFileException(file, "cannot be read: " + e.getMessage(), e);
    }
  }

  private static void writeAtomically(Path file, byte[] bytes) {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path temp = null;
    try {
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
      // A stream, not a FileChannel: a channel closes itself when the writing thread has a
      // pending interrupt, and a stopping experiment must still write its checkpoint and reports.
      try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
        out.write(bytes);
        out.getFD().sync();
      }
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(temp, FILE_PERMISSIONS);
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new ResultFileException(
            target, "the file system cannot replace files atomically; use a local folder", e);
      }
      temp = null;
    } catch (IOException e) {
      throw new ResultFileException(target, "cannot be written: " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          LOG.warn("could not remove temporary file {}: {}", temp, e.getMessage());
        }
      }
    }
  }

  private static byte[] appendNewline(byte[] bytes) {
    byte[] out = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, out, 0, bytes.length);
    out[bytes.length] = '\n';
    return out;
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "unknown error";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
