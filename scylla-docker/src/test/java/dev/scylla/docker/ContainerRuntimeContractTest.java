package dev.scylla.docker;

import dev.scylla.docker.testing.FakeContainerRuntime;
import java.util.Map;

/** The contract on the in-memory fake. */
class ContainerRuntimeContractTest extends ContainerRuntimeContract {

  private final FakeContainerRuntime fake =
      new FakeContainerRuntime().withImage("scylla-ci/busybox:local", Map.of());

  @Override
  protected ContainerRuntime runtime() {
    return fake;
  }

  @Override
  protected String image() {
    return "scylla-ci/busybox:local";
  }
}
