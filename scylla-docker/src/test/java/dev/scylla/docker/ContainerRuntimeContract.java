package dev.scylla.docker;

import static dev.scylla.docker.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link ContainerRuntime} must do, run against the in-memory fake ({@code
 * ContainerRuntimeContractTest}) and the real engine ({@code ContainerRuntimeContractIT}), so that
 * tests written against the fake hold on Docker.
 */
abstract class ContainerRuntimeContract {

  /** The runtime under test; the same instance for the whole test. */
  protected abstract ContainerRuntime runtime();

  /** A present image with busybox's sh, echo, sleep and id. */
  protected abstract String image();

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final List<String> imagesToRemove = new ArrayList<>();

  @AfterEach
  void removeEverythingCreated() {
    runtime().removeContainers(Map.of("dev.scylla.test-run", run));
    imagesToRemove.forEach(i -> runtime().removeImage(i, true));
  }

  private ContainerSpec.Builder spec(String... command) {
    return ContainerSpec.builder(image())
        .command(command)
        .name("scylla-contract-" + run + "-" + UUID.randomUUID().toString().substring(0, 6))
        .label("dev.scylla.test-run", run)
        .stopGrace(Duration.ofSeconds(1));
  }

  @Test
  void info_reportsTheApiVersion() {
    assertThat(runtime().info().apiVersion()).matches("\\d+\\.\\d+");
  }

  @Test
  void inspectImage_findsAPresentImageAndNotAMissingOne() {
    assertThat(runtime().inspectImage(image())).isPresent();
    assertThat(runtime().inspectImage("scylla-contract/absent:" + run)).isEmpty();
  }

  @Test
  void run_streamsStdoutAndStderrLines_andReturnsTheExitCode() throws Exception {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    try (ContainerHandle handle =
        runtime()
            .run(
                spec("sh", "-c", "echo one; echo two >&2; echo three; exit 3").build(),
                (stream, line) -> lines.add(stream + " " + line))) {
      assertThat(handle.waitFor(Duration.ofSeconds(30))).isEqualTo(3);
    }
    assertThat(lines).containsExactlyInAnyOrder("STDOUT one", "STDERR two", "STDOUT three");
    assertThat(lines.indexOf("STDOUT one")).isLessThan(lines.indexOf("STDOUT three"));
  }

  @Test
  void close_removesTheContainer() throws Exception {
    String name;
    try (ContainerHandle handle = runtime().run(spec("true").build(), OutputListener.ignore())) {
      name = handle.name();
      assertThat(handle.waitFor(Duration.ofSeconds(30))).isZero();
      assertThat(runtime().inspectContainer(name)).isPresent();
    }
    assertThat(runtime().inspectContainer(name)).isEmpty();
  }

  @Test
  void close_whileAnotherThreadStops_returnsOnceTheContainerIsGone() throws Exception {
    // A shell as PID 1 ignores SIGTERM, so the other thread's stop lasts the whole grace period:
    // the close comes while it is under way, as Ctrl-C's hook and the waiting thread do.
    ContainerHandle handle =
        runtime().run(spec("sh", "-c", "echo up; sleep 60").build(), OutputListener.ignore());
    Thread stopper = new Thread(() -> handle.stop(Duration.ofSeconds(3)), "contract-stopper");
    stopper.start();
    await(
        Duration.ofSeconds(30),
        () -> stopper.getState() != Thread.State.NEW,
        "the stopping thread runs",
        () -> "state " + stopper.getState());
    // Half a second into the 3 s of the other stop; should the close come first, it stops the
    // container itself and what is checked holds all the same.
    Thread.sleep(500);

    handle.close();

    assertThat(runtime().inspectContainer(handle.name())).isEmpty();
    stopper.join(Duration.ofSeconds(30).toMillis());
    assertThat(stopper.isAlive()).isFalse();
  }

  @Test
  void waitFor_pastTheTimeout_stopsAndRemovesTheContainer() {
    ContainerHandle handle =
        runtime().run(spec("sleep", "60").init(true).build(), OutputListener.ignore());

    assertThatThrownBy(() -> handle.waitFor(Duration.ofMillis(500)))
        .isInstanceOf(ContainerTimeoutException.class)
        .hasMessageContaining(handle.name());
    assertThat(runtime().inspectContainer(handle.name())).isEmpty();
  }

  @Test
  void run_withUserLimitsAndLabels_reportsThemOnInspection(@TempDir Path dir) throws Exception {
    ContainerSpec spec =
        spec("sleep", "30")
            .user(1234, 2345)
            .cpus(0.5)
            .memoryBytes(64L * 1024 * 1024)
            .pidsLimit(64)
            .init(true)
            .networkMode("none")
            .mount(Mount.readOnly(dir.toRealPath(), "/data"))
            .label("dev.scylla.kind", "run")
            .build();
    try (ContainerHandle handle = runtime().run(spec, OutputListener.ignore())) {
      ContainerInfo info = runtime().inspectContainer(handle.name()).orElseThrow();

      assertThat(info.user()).isEqualTo("1234:2345");
      assertThat(info.cpus()).isEqualTo(0.5);
      assertThat(info.memoryBytes()).isEqualTo(64L * 1024 * 1024);
      assertThat(info.pidsLimit()).isEqualTo(64);
      assertThat(info.init()).isTrue();
      assertThat(info.networkMode()).isEqualTo("none");
      assertThat(info.mounts()).containsExactly(Mount.readOnly(dir.toRealPath(), "/data"));
      assertThat(info.labels()).containsEntry("dev.scylla.kind", "run");
      assertThat(info.running()).isTrue();
    }
  }

  @Test
  void findContainers_byLabel_findsRunningAndExited_andRemoveContainersRemovesThem()
      throws Exception {
    String group = UUID.randomUUID().toString();
    ContainerHandle exited =
        runtime().run(spec("true").label("group", group).build(), OutputListener.ignore());
    exited.waitFor(Duration.ofSeconds(30));
    runtime().run(spec("sleep", "30").label("group", group).build(), OutputListener.ignore());
    runtime().run(spec("true").build(), OutputListener.ignore());

    assertThat(runtime().findContainers(Map.of("group", group))).hasSize(2);
    assertThat(runtime().removeContainers(Map.of("group", group))).isEqualTo(2);
    assertThat(runtime().findContainers(Map.of("group", group))).isEmpty();
    assertThat(runtime().findContainers(Map.of("dev.scylla.test-run", run))).hasSize(1);
  }

  @Test
  void exec_inARunningContainer_returnsOutputAndExitCode() {
    try (ContainerHandle handle =
        runtime().run(spec("sleep", "30").user(1234, 1234).build(), OutputListener.ignore())) {
      ExecResult result =
          runtime().exec(handle.name(), ExecSpec.of("sh", "-c", "id -u; echo oops >&2; exit 4"));

      assertThat(result.exitCode()).isEqualTo(4);
      assertThat(result.stdout()).isEqualTo("1234\n");
      assertThat(result.stderr()).isEqualTo("oops\n");
    }
  }

  @Test
  void exec_inAMissingContainer_saysItIsNotFound() {
    assertThatThrownBy(() -> runtime().exec("scylla-contract-absent-" + run, ExecSpec.of("true")))
        .isInstanceOf(ContainerNotFoundException.class);
  }

  @Test
  void createStartStopRemove_byName() {
    ContainerSpec spec = spec("sleep", "30").build();
    runtime().create(spec);
    assertThat(runtime().inspectContainer(spec.name()).orElseThrow().state()).isEqualTo("created");

    runtime().start(spec.name());
    assertThat(runtime().inspectContainer(spec.name()).orElseThrow().running()).isTrue();

    runtime().stop(spec.name(), Duration.ofSeconds(1));
    assertThat(runtime().inspectContainer(spec.name()).orElseThrow().running()).isFalse();

    assertThat(runtime().remove(spec.name())).isTrue();
    assertThat(runtime().inspectContainer(spec.name())).isEmpty();
    assertThat(runtime().remove(spec.name())).isFalse();
  }

  @Test
  void create_withANameInUse_fails() {
    ContainerSpec spec = spec("true").build();
    runtime().create(spec);

    assertThatThrownBy(() -> runtime().create(spec))
        .isInstanceOf(ContainerException.class)
        .hasMessageContaining(spec.name());
  }

  @Test
  void build_tagsAndLabelsTheImage_andRemoveImageRemovesIt(@TempDir Path context)
      throws IOException {
    Files.writeString(context.resolve("Dockerfile"), "FROM " + image() + "\nLABEL x=y\n");
    String tag = "scylla-contract-" + run + ":one";
    imagesToRemove.add(tag);
    List<String> log = Collections.synchronizedList(new ArrayList<>());

    String id =
        runtime()
            .build(
                new BuildRequest(
                    context,
                    "Dockerfile",
                    Set.of(tag),
                    Map.of(),
                    Map.of("dev.scylla.test-run", run)),
                log::add);

    ImageInfo image = runtime().inspectImage(tag).orElseThrow();
    assertThat(image.id()).isEqualTo(id);
    assertThat(image.labels()).containsEntry("dev.scylla.test-run", run);
    assertThat(runtime().findImages(Map.of("dev.scylla.test-run", run)))
        .extracting(ImageInfo::id)
        .containsExactly(id);
    assertThat(log).anyMatch(line -> line.startsWith("Step 1/"));

    runtime().tagImage(id, "scylla-contract-" + run + ":two");
    imagesToRemove.add("scylla-contract-" + run + ":two");
    assertThat(runtime().inspectImage("scylla-contract-" + run + ":two").orElseThrow().id())
        .isEqualTo(id);

    assertThat(runtime().removeImage(id, true)).isTrue();
    assertThat(runtime().inspectImage(tag)).isEmpty();
    assertThat(runtime().removeImage(id, true)).isFalse();
  }
}
