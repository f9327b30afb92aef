package dev.scylla.docker;

import java.time.Duration;

/** A container ran past its timeout; it has been stopped and removed. */
public class ContainerTimeoutException extends ContainerException {
  private static final long serialVersionUID = 1L;

  /** Container {@code name} was still running after {@code timeout}. */
  public ContainerTimeoutException(String name, Duration timeout) {
    super(
        "container "
            + name
            + " was still running after "
            + timeout
            + ": it was stopped and removed (raise the timeout if the work needs longer)");
  }
}
