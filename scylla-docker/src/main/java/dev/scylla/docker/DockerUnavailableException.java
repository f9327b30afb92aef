package dev.scylla.docker;

/** No Docker engine answered: the one-line message says where Scylla looked and what to do. */
public class DockerUnavailableException extends DockerException {
  private static final long serialVersionUID = 1L;

  /** The engine at the place described in {@code message} did not answer. */
  public DockerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
