package dev.scylla.docker;

import java.time.Duration;

/**
 * A container started by {@link ContainerRuntime#run}. Closing it stops and removes the container
 * if that has not happened yet.
 */
public interface ContainerHandle extends AutoCloseable {

  /** The container id. */
  String id();

  /** The container name. */
  String name();

  /**
   * Waits for the container to exit and returns its exit code, after every output line has reached
   * the listener. Past {@code timeout} the container is stopped (with the spec's grace period) and
   * removed, and a {@link ContainerTimeoutException} is thrown.
   */
  int waitFor(Duration timeout) throws InterruptedException;

  /**
   * Stops the container: SIGTERM, SIGKILL after {@code grace}, then removes it. Does nothing when
   * it is already gone. Safe to call from several threads: when another thread is stopping the
   * container, waits until it is done, so that the container is gone whenever this returns.
   */
  void stop(Duration grace);

  /**
   * Stops (with the spec's grace period) and removes the container unless already done; like {@link
   * #stop}, returns only once the container is gone.
   */
  @Override
  void close();
}
