package dev.scylla.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Lenient reading of a credentials file: every outcome is a value, nothing is thrown. */
final class CredentialFile {

  /** What reading found. */
  public enum Status {
    /** No file. */
    MISSING,
    /** A directory or other non-regular file. */
    NOT_A_FILE,
    /** Exists but cannot be read. */
    UNREADABLE,
    /** Not the expected JSON. */
    MALFORMED,
    /** Valid JSON with blanked tokens. */
    BLANK,
    /** Valid, non-blank credentials. */
    VALID
  }

  /**
   * One read of a file.
   *
   * @param status what was found
   * @param credentials the parsed credentials, for {@code BLANK} and {@code VALID}
   * @param problem a one-line description for the other statuses, free of secrets
   */
  public record Read(Status status, ClaudeCredentials credentials, String problem) {

    /** Whether these are usable credentials. */
    public boolean valid() {
      return status == Status.VALID;
    }

    /** expiresAt in ms, or {@code Long.MIN_VALUE} when not valid. */
    public long expiresAtOrMin() {
      return valid() ? credentials.expiresAtMillis() : Long.MIN_VALUE;
    }
  }

  private CredentialFile() {}

  /** Reads and classifies {@code file}, following a symbolic link (host files may be links). */
  public static Read read(Path file) {
    return read(file, true);
  }

  /**
   * Reads a file in a staging directory, which the container can write: a symbolic link there is
   * refused, so a process on the host (maybe root) never reads through a link planted inside.
   */
  public static Read readStaged(Path file) {
    return read(file, false);
  }

  private static Read read(Path file, boolean followLinks) {
    if (!followLinks && Files.isSymbolicLink(file)) {
      return new Read(Status.NOT_A_FILE, null, file + " is a symbolic link");
    }
    if (!Files.exists(file)) {
      return new Read(Status.MISSING, null, file + " does not exist");
    }
    if (!Files.isRegularFile(file)) {
      return new Read(Status.NOT_A_FILE, null, file + " is not a regular file");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return new Read(Status.MISSING, null, file + " does not exist");
    } catch (AccessDeniedException e) {
      return new Read(Status.UNREADABLE, null, file + " is not readable (permission denied)");
    } catch (IOException e) {
      return new Read(
          Status.UNREADABLE, null, file + " could not be read: " + e.getClass().getSimpleName());
    }
    return classify(text, file.toString());
  }

  /** Classifies text read from {@code origin}. */
  public static Read classify(String text, String origin) {
    try {
      ClaudeCredentials creds = ClaudeCredentials.parse(text, origin);
      return new Read(creds.isBlank() ? Status.BLANK : Status.VALID, creds, null);
    } catch (CredentialsException e) {
      return new Read(Status.MALFORMED, null, e.getMessage());
    }
  }
}
