package dev.scylla.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.docker.testing.FakeContainerRuntime;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OrphanSweeperTest {

  private static final String IMAGE = "scylla-ci/busybox:local";
  private final FakeContainerRuntime fake = new FakeContainerRuntime().withImage(IMAGE, Map.of());

  private void container(String name, String kind, long pid, String host) {
    Map<String, String> labels = new HashMap<>();
    labels.put(ScyllaLabels.MANAGED_BY, "scylla");
    labels.put(ScyllaLabels.KIND, kind);
    labels.put(ScyllaLabels.OWNER_PID, Long.toString(pid));
    labels.put(ScyllaLabels.OWNER_HOST, host);
    fake.create(ContainerSpec.builder(IMAGE).name(name).labels(labels).build());
  }

  @Test
  void sweep_removesRunContainersOfDeadOwnersOnThisHostOnly() {
    Set<Long> alive = Set.of(100L);
    container("dead-run", "run", 200, "here");
    container("live-run", "run", 100, "here");
    container("dead-shell", "shell", 200, "here");
    container("other-host", "run", 200, "there");
    fake.create(ContainerSpec.builder(IMAGE).name("not-ours").build());

    var sweeper = new OrphanSweeper(fake, (pid, started) -> alive.contains(pid), "here");

    assertThat(sweeper.sweep()).containsExactly("dead-run");
    assertThat(fake.containers())
        .extracting(ContainerInfo::name)
        .containsExactlyInAnyOrder("live-run", "dead-shell", "other-host", "not-ours");
  }

  @Test
  void sweep_leavesAContainerWithoutAReadableOwner() {
    fake.create(
        ContainerSpec.builder(IMAGE)
            .name("no-pid")
            .labels(ScyllaLabels.managed(ScyllaLabels.Kind.RUN))
            .label(ScyllaLabels.OWNER_HOST, "here")
            .build());

    assertThat(new OrphanSweeper(fake, (pid, started) -> false, "here").sweep()).isEmpty();
  }

  @Test
  void forContainer_labelsTheOwnerSoThatTheSweepSparesIt() {
    fake.create(
        ContainerSpec.builder(IMAGE)
            .name("mine")
            .labels(ScyllaLabels.forContainer(ScyllaLabels.Kind.RUN, "s1", "exp-1"))
            .build());

    assertThat(new OrphanSweeper(fake).sweep()).isEmpty();
    assertThat(fake.containers().get(0).labels())
        .containsEntry(ScyllaLabels.SESSION, "s1")
        .containsEntry(ScyllaLabels.EXPERIMENT, "exp-1")
        .containsEntry(ScyllaLabels.OWNER_PID, Long.toString(ProcessHandle.current().pid()))
        .containsKey(ScyllaLabels.OWNER_HOST)
        .containsKey(ScyllaLabels.OWNER_STARTED);
  }

  @Test
  void processAlive_isTrueForThisProcess_andFalseForAKilledOne() throws Exception {
    ProcessHandle self = ProcessHandle.current();
    long started = self.info().startInstant().orElseThrow().toEpochMilli();
    Process child = new ProcessBuilder("sleep", "60").start();
    long childPid = child.pid();
    assertThat(child.destroyForcibly().waitFor(30, TimeUnit.SECONDS))
        .as("killed child ended")
        .isTrue();

    assertThat(OrphanSweeper.processAlive(self.pid(), OptionalLong.of(started))).isTrue();
    assertThat(OrphanSweeper.processAlive(childPid, OptionalLong.empty())).isFalse();
  }

  @Test
  void processAlive_isFalseWhenThePidWasReusedByALaterProcess() {
    long started = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
    long earlier = started - Duration.ofHours(1).toMillis();

    assertThat(OrphanSweeper.processAlive(ProcessHandle.current().pid(), OptionalLong.of(earlier)))
        .isFalse();
  }
}
