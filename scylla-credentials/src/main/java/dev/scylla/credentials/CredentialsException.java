package dev.scylla.credentials;

import java.util.Optional;

/**
 * A credentials problem the user has to fix. The message is one line naming the place (a path, a
 * Keychain item, a variable) and the fix in this library's terms; it never contains a token. {@link
 * #problem()} says what is wrong, {@link #kind()} whose problem it is, and {@link #setting()} names
 * the setting that chose the file at fault, so that a front end can add its own way to change it.
 */
public class CredentialsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What kind of problem it is, so callers can react without parsing the message. */
  public enum Problem {
    /** No credentials in any source. */
    MISSING,
    /** A file or Keychain value that is not the expected JSON. */
    MALFORMED,
    /** A path that exists but cannot be read as a file. */
    UNREADABLE,
    /** Tokens blanked by a failed refresh or a logout, or expired with no refresh token. */
    LOGGED_OUT,
    /** Staging, write-back or cleanup failed on the file system or the Keychain. */
    IO
  }

  /**
   * Whose problem a {@link CredentialsException} is: the same four kinds as every Scylla library's
   * exceptions have, in an enum of this library's own so that it depends on no other.
   */
  public enum Kind {
    /** A value the caller gave cannot be used. */
    INPUT,
    /** The login itself: missing, unreadable, malformed or logged out. Logging in fixes it. */
    CREDENTIALS,
    /** The file system or the Keychain failed while staging, writing back or cleaning up. */
    INFRASTRUCTURE,
    /** A fault in Scylla: report it. */
    INTERNAL
  }

  /** The setting of an explicitly chosen credentials file. */
  public static final String CREDENTIALS_FILE = "credentials";

  private final Problem problem;
  private final String setting;

  /** Creates an exception of the given kind with a one-line message. */
  public CredentialsException(Problem problem, String message) {
    this(problem, null, message, null);
  }

  /** Creates an exception of the given kind with a one-line message and its cause. */
  public CredentialsException(Problem problem, String message, Throwable cause) {
    this(problem, null, message, cause);
  }

  /**
   * Creates an exception about the file a setting chose ({@link #CREDENTIALS_FILE}).
   *
   * @param cause the cause, or null
   */
  public CredentialsException(Problem problem, String setting, String message, Throwable cause) {
    super(message, cause);
    this.problem = java.util.Objects.requireNonNull(problem, "problem");
    this.setting = setting;
  }

  /** The kind of problem. */
  public Problem problem() {
    return problem;
  }

  /**
   * Whose problem it is: {@link Kind#INFRASTRUCTURE} for {@link Problem#IO}, else {@link
   * Kind#CREDENTIALS}.
   */
  public Kind kind() {
    return problem == Problem.IO ? Kind.INFRASTRUCTURE : Kind.CREDENTIALS;
  }

  /** The stable name of the setting that chose the file at fault, if one did. */
  public Optional<String> setting() {
    return Optional.ofNullable(setting);
  }
}
