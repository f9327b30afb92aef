package dev.scylla.credentials;

/**
 * A credentials problem the user has to fix. The message is one line naming the place (a path, a
 * Keychain item, a variable) and the fix; it never contains a token.
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

  private final Problem problem;

  /** Creates an exception of the given kind with a one-line message. */
  public CredentialsException(Problem problem, String message) {
    super(message);
    this.problem = problem;
  }

  /** Creates an exception of the given kind with a one-line message and its cause. */
  public CredentialsException(Problem problem, String message, Throwable cause) {
    super(message, cause);
    this.problem = problem;
  }

  /** The kind of problem. */
  public Problem problem() {
    return problem;
  }
}
