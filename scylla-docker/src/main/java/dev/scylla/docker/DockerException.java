package dev.scylla.docker;

/**
 * Base of every failure talking to the container engine; unchecked, with a message saying what to
 * do.
 */
public class DockerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message and its cause. */
  public DockerException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A failure with a message. */
  public DockerException(String message) {
    super(message);
  }
}
