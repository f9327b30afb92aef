package dev.scylla.docker;

import dev.scylla.docker.testing.RequiresDocker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract on the real Docker engine. */
@RequiresDocker
class ContainerRuntimeContractIT extends ContainerRuntimeContract {

  private static ContainerRuntime docker;

  @BeforeAll
  static void connect() {
    docker = ContainerRuntime.docker();
  }

  @AfterAll
  static void disconnect() {
    docker.close();
  }

  @Override
  protected ContainerRuntime runtime() {
    return docker;
  }

  @Override
  protected String image() {
    return "scylla-ci/busybox:local";
  }
}
