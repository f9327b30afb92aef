package dev.scylla.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scylla.docker.testing.RequiresDocker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the real engine can show: files, users and processes seen from inside. */
@RequiresDocker
class DockerJavaRuntimeIT {

  private static final String IMAGE = "scylla-ci/busybox:local";
  private static ContainerRuntime docker;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @TempDir Path dir;

  @BeforeAll
  static void connect() {
    docker = ContainerRuntime.docker();
  }

  @AfterAll
  static void disconnect() {
    docker.close();
  }

  @AfterEach
  void removeEverythingCreated() {
    docker.removeContainers(Map.of("dev.scylla.test-run", run));
  }

  private ContainerSpec.Builder spec(String script) {
    return ContainerSpec.builder(IMAGE)
        .command("sh", "-c", script)
        .label("dev.scylla.test-run", run)
        .stopGrace(Duration.ofSeconds(1));
  }

  private List<String> runAndCollect(ContainerSpec spec, int expectedExit) throws Exception {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    try (ContainerHandle handle = docker.run(spec, (stream, line) -> lines.add(line))) {
      assertThat(handle.waitFor(Duration.ofSeconds(60)))
          .as("exit code, output %s", lines)
          .isEqualTo(expectedExit);
    }
    return lines;
  }

  @Test
  void run_mountsEnvUserAndWorkdir_areWhatTheContainerSees() throws Exception {
    Path readOnly = Files.createDirectories(dir.resolve("in"));
    Files.writeString(readOnly.resolve("fixture.txt"), "from the host\n");
    Path readWrite = Files.createDirectories(dir.resolve("out"));
    Files.setPosixFilePermissions(readWrite, PosixFilePermissions.fromString("rwxrwxrwx"));

    List<String> lines =
        runAndCollect(
            spec("id -u; id -g; pwd; echo \"$GREETING\"; cat "
                    + readOnly.toRealPath()
                    + "/fixture.txt; echo written > /out/result.txt;"
                    + " touch "
                    + readOnly.toRealPath()
                    + "/nope 2>/dev/null || echo read-only")
                .user(4321, 4322)
                .workdir("/tmp")
                .env("GREETING", "hello world")
                .mount(Mount.samePath(readOnly.toRealPath(), true))
                .mount(Mount.readWrite(readWrite.toRealPath(), "/out"))
                .build(),
            0);

    assertThat(lines)
        .containsExactly("4321", "4322", "/tmp", "hello world", "from the host", "read-only");
    assertThat(Files.readString(readWrite.resolve("result.txt"))).isEqualTo("written\n");
    assertThat(Files.getAttribute(readWrite.resolve("result.txt"), "unix:uid")).isEqualTo(4321);
  }

  @Test
  void run_limits_areAppliedByTheEngine() throws Exception {
    List<String> lines =
        runAndCollect(
            spec("cat /sys/fs/cgroup/pids.max /sys/fs/cgroup/pids/pids.max 2>/dev/null; exit 0")
                .pidsLimit(42)
                .memoryBytes(96L * 1024 * 1024)
                .cpus(0.25)
                .build(),
            0);

    assertThat(lines).contains("42");
  }

  @Test
  void run_exitCodesPropagate() throws Exception {
    runAndCollect(spec("exit 0").build(), 0);
    runAndCollect(spec("exit 1").build(), 1);
    runAndCollect(spec("exit 42").build(), 42);
    // With an init process the shell is not PID 1, which ignores its own SIGKILL.
    runAndCollect(spec("kill -9 $$").init(true).build(), 137);
  }

  @Test
  void run_aMissingImage_saysHowToGetIt() {
    ContainerSpec spec = ContainerSpec.builder("scylla-absent/image:" + run).build();

    assertThatThrownBy(() -> docker.run(spec, OutputListener.ignore()))
        .isInstanceOf(ContainerException.class)
        .hasMessageContaining("scylla-absent/image:" + run)
        .hasMessageContaining("not present");
  }

  @Test
  void build_aFailingStep_throwsWithTheTailOfTheLog() throws IOException {
    Files.writeString(
        dir.resolve("Dockerfile"),
        "FROM " + IMAGE + "\nRUN echo about to fail && echo marker-" + run + " && exit 3\n");
    BuildRequest request =
        new BuildRequest(
            dir, "Dockerfile", Set.of("scylla-it-fail-" + run + ":x"), Map.of(), Map.of());

    assertThatThrownBy(() -> docker.build(request, BuildListener.ignore()))
        .isInstanceOfSatisfying(
            ImageBuildException.class,
            e -> {
              assertThat(e.logTail()).anyMatch(l -> l.contains("marker-" + run));
              assertThat(e.getMessage()).contains("returned a non-zero code: 3");
            });
    assertThat(docker.inspectImage("scylla-it-fail-" + run + ":x")).isEmpty();
  }

  @Test
  void build_reportsStepsToTheListener_andUsesBuildArgs() throws IOException {
    Files.writeString(
        dir.resolve("Dockerfile"), "FROM " + IMAGE + "\nARG WORD\nRUN echo \"word=$WORD\"\n");
    String tag = "scylla-it-args-" + run + ":x";
    List<String> steps = Collections.synchronizedList(new ArrayList<>());
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    try {
      docker.build(
          new BuildRequest(dir, "Dockerfile", Set.of(tag), Map.of("WORD", run), Map.of()),
          new BuildListener() {
            @Override
            public void onLine(String line) {
              lines.add(line);
            }

            @Override
            public void onStep(int step, int total, String instruction) {
              steps.add(step + "/" + total + " " + instruction);
            }
          });

      assertThat(steps)
          .containsExactly("1/3 FROM " + IMAGE, "2/3 ARG WORD", "3/3 RUN echo \"word=$WORD\"");
      assertThat(lines).contains("word=" + run);
    } finally {
      docker.removeImage(tag, true);
    }
  }

  @Test
  void orphanSweep_removesTheContainerOfAKilledProcess_andSparesALiveOnesAndShells()
      throws Exception {
    Process owner = new ProcessBuilder("sleep", "300").start();
    Map<String, String> orphanLabels =
        new HashMap<>(ScyllaLabels.forContainer(ScyllaLabels.Kind.RUN, run, null));
    orphanLabels.put(ScyllaLabels.OWNER_PID, Long.toString(owner.pid()));
    orphanLabels.put(
        ScyllaLabels.OWNER_STARTED,
        Long.toString(owner.info().startInstant().orElseThrow().toEpochMilli()));
    Map<String, String> shellLabels = new HashMap<>(orphanLabels);
    shellLabels.put(ScyllaLabels.KIND, "shell");
    String orphan = "scylla-it-orphan-" + run;
    String shell = "scylla-it-shell-" + run;
    String mine = "scylla-it-mine-" + run;
    docker.run(
        spec("sleep 300").name(orphan).labels(orphanLabels).build(), OutputListener.ignore());
    docker.run(spec("sleep 300").name(shell).labels(shellLabels).build(), OutputListener.ignore());
    docker.run(
        spec("sleep 300")
            .name(mine)
            .labels(ScyllaLabels.forContainer(ScyllaLabels.Kind.RUN, run, null))
            .build(),
        OutputListener.ignore());

    assertThat(new OrphanSweeper(docker).sweep()).doesNotContain(orphan);
    assertThat(owner.destroyForcibly().waitFor(30, TimeUnit.SECONDS)).as("owner ended").isTrue();
    List<String> swept = new OrphanSweeper(docker).sweep();

    assertThat(swept).contains(orphan).doesNotContain(shell, mine);
    assertThat(docker.inspectContainer(orphan)).isEmpty();
    assertThat(docker.inspectContainer(shell)).isPresent();
    assertThat(docker.inspectContainer(mine)).isPresent();
  }

  @Test
  void docker_unreachable_saysWhereItLookedAndWhatToDo_inOneLine() {
    String socket = "unix://" + dir.resolve("no-docker.sock");

    assertThatThrownBy(() -> ContainerRuntime.docker(socket))
        .isInstanceOf(DockerUnavailableException.class)
        .hasMessageContaining(socket)
        .hasMessageContaining("Start Docker")
        .hasMessageContaining("DOCKER_HOST")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
