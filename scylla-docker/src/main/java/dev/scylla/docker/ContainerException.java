package dev.scylla.docker;

/** A container could not be created, started, waited for, stopped or removed. */
public class ContainerException extends DockerException {
  private static final long serialVersionUID = 1L;

  /** A container failure with its cause. */
  public ContainerException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A container failure. */
  public ContainerException(String message) {
    super(message);
  }
}
