package dev.scylla.cli;

import dev.scylla.docker.ContainerRuntime;

/** Where commands get their container runtime: the real engine, or a fake in tests. */
@FunctionalInterface
interface Docker {

  /**
   * A connected runtime.
   *
   * @throws dev.scylla.docker.DockerUnavailableException when no engine answers
   */
  ContainerRuntime connect();

  /** The engine at {@code DOCKER_HOST}, or the default socket. */
  static Docker system() {
    return ContainerRuntime::docker;
  }
}
