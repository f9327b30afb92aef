package dev.scylla.core;

/**
 * The base of every exception scylla-core throws on purpose. Unchecked; the message says what went
 * wrong and what to do next, and {@link #kind()} says whose problem it is.
 */
public abstract class ScyllaException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ErrorKind kind;

  /** Creates the exception. */
  protected ScyllaException(ErrorKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = java.util.Objects.requireNonNull(kind, "kind");
  }

  /** What caused it. */
  public ErrorKind kind() {
    return kind;
  }
}
