package dev.scylla.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scylla.api.examples.HelloWorldCopy;
import dev.scylla.api.examples.RunAnywhereExample;
import dev.scylla.core.ErrorKind;
import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.engine.ExperimentStatus;
import dev.scylla.docker.ContainerSpec;
import dev.scylla.docker.ImageRef;
import dev.scylla.docker.Mount;
import dev.scylla.docker.testing.FakeContainerRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container target against the in-memory runtime: the spec, the protocol, the exit codes. */
class ContainerTargetTest {

  private static Path fixture;
  private static Path finished;

  @TempDir Path dir;

  private final FakeContainerRuntime runtime = new FakeContainerRuntime();
  private final List<String> notices = new ArrayList<>();
  private final List<Progress> reports = new ArrayList<>();

  @BeforeAll
  static void runOneExperimentInProcess(@TempDir Path base) throws Exception {
    fixture = HelloWorldCopy.into(base.resolve("hello-world"));
    finished = RunAnywhereExample.inProcess(fixture, base.resolve("done")).experimentDir();
  }

  @BeforeEach
  void image() {
    runtime.withImage("scylla-runner:test", java.util.Map.of());
  }

  private ContainerTarget target() {
    return Target.container()
        .runtime(runtime)
        .image(r -> new ImageRef("scylla-runner:test", "sha256:abc", "abc", false))
        .login(RunnerLogin.fromFile(dir.resolve("no-login.json")))
        .listener(
            new RunListener() {
              @Override
              public void progress(Progress progress) {
                reports.add(progress);
              }

              @Override
              public void notice(String message) {
                notices.add(message);
              }
            });
  }

  private Experiment experiment() {
    return RunAnywhereExample.helloWorld(fixture, dir.resolve("results"));
  }

  private static FakeContainerRuntime.Program reports(String status, int code) {
    return (context, args) -> {
      context.out(new Progress("started", "Experiment", finished.toString(), 0, 2, 0, 0).toLine());
      context.out(
          new Progress(Progress.FINISHED, "how it ended", finished.toString(), 2, 2, 2, 0, status)
              .toLine());
      return code;
    };
  }

  /** The job whose document the container target mounted for the Scylla inside. */
  static Job<?> mountedJob(FakeContainerRuntime.Context context) {
    Mount mount =
        context.spec().mounts().stream()
            .filter(m -> m.containerPath().equals("/scylla-job"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no job document mounted"));
    assertThat(mount.readOnly()).isTrue();
    return Jobs.read(mount.hostPath().resolve("job.json"));
  }

  @Test
  void run_sendsTheExperimentAsItsJobDocumentAndReadsTheFolderItReports() throws Exception {
    java.util.concurrent.atomic.AtomicReference<Job<?>> seen =
        new java.util.concurrent.atomic.AtomicReference<>();
    runtime.onCommand(
        "scylla",
        (context, args) -> {
          seen.set(mountedJob(context));
          return reports("BUDGET_EXHAUSTED", 0).run(context, args);
        });

    ExperimentOutcome outcome = experiment().run(target());

    assertThat(runtime.runs()).hasSize(1);
    ContainerSpec spec = runtime.runs().get(0);
    assertThat(spec.command().subList(1, spec.command().size()))
        .containsExactly("job", "/scylla-job/job.json");
    assertThat(seen.get())
        .as("the job the Scylla inside reads is the one started, setting for setting")
        .isEqualTo(Job.experiment(experiment()));
    assertThat(spec.mounts())
        .contains(Mount.samePath(fixture, true), Mount.samePath(dir.resolve("results"), false));
    Path documentDir =
        spec.mounts().stream()
            .filter(m -> m.containerPath().equals("/scylla-job"))
            .findFirst()
            .orElseThrow()
            .hostPath();
    assertThat(documentDir).as("the document's folder is deleted afterwards").doesNotExist();
    assertThat(spec.env())
        .containsEntry(ScyllaImage.HOST_PROTOCOL_ENV, "1")
        .containsEntry(ScyllaImage.IMAGE_ID_ENV, "sha256:abc")
        .doesNotContainKey("CLAUDE_CONFIG_DIR");
    assertThat(outcome.status()).isEqualTo(ExperimentStatus.BUDGET_EXHAUSTED);
    assertThat(outcome.message()).isEqualTo("how it ended");
    assertThat(outcome.experimentDir()).isEqualTo(finished);
    assertThat(outcome.summaryLines()).contains("T0: PASS (score: 0.920, cost: $0.0250)");
    assertThat(reports).extracting(Progress::kind).containsExactly("started", Progress.FINISHED);
    assertThat(dir.resolve("results")).isDirectory();
  }

  @Test
  void run_insideFailingWithItsOwnCode_isARunnerExitWithItsLastErrorLine() {
    runtime.onCommand(
        "scylla",
        (context, args) -> {
          context.err("scylla: the task commit abc is not in the repository");
          return ExitCodes.USAGE;
        });

    assertThatThrownBy(() -> experiment().run(target()))
        .isInstanceOfSatisfying(
            RunnerExitException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE);
              assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
              assertThat(e.fromOutput()).isTrue();
            })
        .hasMessage("the task commit abc is not in the repository");
  }

  @Test
  void run_containerKilled_isAContainerFailureNamingTheCode() {
    runtime.onCommand(
        "scylla",
        (context, args) -> {
          context.err("Killed");
          return 137;
        });

    assertThatThrownBy(() -> experiment().run(target()))
        .isInstanceOfSatisfying(
            RunnerFailedException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(137);
              assertThat(e.outputTail()).containsExactly("Killed");
            })
        .hasMessageContaining("code 137")
        .hasMessageContaining("out of memory");
  }

  @Test
  void run_badInput_failsBeforeTheEngineIsContacted() throws IOException {
    Experiment missingPrompt =
        experiment().toBuilder().prompt(dir.resolve("absent-prompt.md")).build();
    ContainerTarget target =
        target()
            .runtime(
                () -> {
                  throw new AssertionError("connected for bad input");
                });

    assertThatThrownBy(() -> missingPrompt.run(target))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("absent-prompt.md");
  }

  @Test
  void run_aMountThatCannotBeUsed_failsBeforeTheEngineIsContacted() {
    Path absent = dir.resolve("absent-tools");
    ContainerTarget target =
        target()
            .settings(ContainerSettings.defaults().withMount(new Mount(absent, "/opt/tools", true)))
            .runtime(
                () -> {
                  throw new AssertionError("connected for a bad mount");
                });

    assertThatThrownBy(() -> experiment().run(target))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(absent.toString())
        .hasMessageContaining("does not exist");
    assertThat(dir.resolve("results")).doesNotExist();
  }

  @Test
  void run_interrupted_stopsTheContainerAndEndsInterruptedKeepingTheFlag() throws Exception {
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    runtime.onCommand(
        "scylla",
        (context, args) -> {
          context.out(
              new Progress("started", "Experiment", finished.toString(), 0, 2, 0, 0).toLine());
          started.countDown();
          Thread.sleep(60_000); // until the container is stopped
          return 0;
        });
    java.util.concurrent.atomic.AtomicReference<ExperimentOutcome> outcome =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean flagKept =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread caller =
        new Thread(
            () -> {
              try {
                outcome.set(experiment().run(target()));
              } catch (InterruptedException e) {
                throw new AssertionError("stopped after it started: an outcome, not an exception");
              }
              flagKept.set(Thread.currentThread().isInterrupted());
            });
    caller.start();
    assertThat(started.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    caller.interrupt();
    caller.join(30_000);

    assertThat(outcome.get()).isNotNull();
    assertThat(outcome.get().status()).isEqualTo(ExperimentStatus.INTERRUPTED);
    assertThat(flagKept).isTrue();
  }

  @Test
  void run_interrupted_stillWritesTheTokenRefreshedInsideBack() throws Exception {
    Path hostLogin = dir.resolve("home/.claude/.credentials.json");
    java.nio.file.Files.createDirectories(hostLogin.getParent());
    java.nio.file.Files.writeString(hostLogin, login("host", 2));
    String refreshed = login("refreshed", 8);
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    runtime.onCommand(
        "scylla",
        (context, args) -> {
          // Claude Code refreshes the token in the staged config directory, then works on.
          String configDir = context.spec().env().get("CLAUDE_CONFIG_DIR");
          Mount staging =
              context.spec().mounts().stream()
                  .filter(m -> m.containerPath().equals(configDir))
                  .findFirst()
                  .orElseThrow();
          try {
            java.nio.file.Files.writeString(
                staging.hostPath().resolve(".credentials.json"), refreshed);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          started.countDown();
          Thread.sleep(60_000); // until the container is stopped
          return 0;
        });
    Experiment needsLogin =
        Scylla.experiment(fixture)
            .tiers(dev.scylla.core.model.TierId.T0)
            .runs(1)
            .agent("claude-code")
            .judge("scripted:" + fixture.resolve("scripted-agent.yaml"))
            .resultsDir(dir.resolve("results"))
            .build();
    ContainerTarget target = target().login(RunnerLogin.fromFile(hostLogin));
    Thread caller =
        new Thread(
            () -> {
              try {
                needsLogin.run(target);
              } catch (InterruptedException e) {
                throw new AssertionError("stopped after it started: an outcome, not an exception");
              }
            });
    caller.start();
    assertThat(started.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    caller.interrupt();
    caller.join(30_000);

    assertThat(caller.isAlive()).isFalse();
    assertThat(java.nio.file.Files.readString(hostLogin)).isEqualTo(refreshed);
  }

  /** A Claude Code login whose token expires {@code hours} from now. */
  private static String login(String tag, int hours) {
    long expiresAt = java.time.Instant.now().plusSeconds(hours * 3600L).toEpochMilli();
    return "{\"claudeAiOauth\":{\"accessToken\":\"sk-ant-fake-access-"
        + tag
        + "\",\"refreshToken\":\"sk-ant-fake-refresh-"
        + tag
        + "\",\"expiresAt\":"
        + expiresAt
        + ",\"scopes\":[\"user:inference\"]}}";
  }

  @Test
  void stop_beforeTheContainerStarts_startsNone_andTheTargetRunsTheNextJob() throws Exception {
    java.util.concurrent.CountDownLatch resolving = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    ContainerTarget target =
        target()
            .image(
                r -> {
                  resolving.countDown();
                  try {
                    stopped.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return new ImageRef("scylla-runner:test", "sha256:abc", "abc", false);
                });
    runtime.onCommand("scylla", reports("COMPLETED", 0));

    JobHandle<ExperimentOutcome> handle = target.start(Job.experiment(experiment()));
    resolving.await();
    handle.stop();
    stopped.countDown();

    assertThatThrownBy(handle::await).isInstanceOf(InterruptedException.class);
    assertThat(handle.isDone()).isTrue();
    assertThat(runtime.runs()).isEmpty();

    ExperimentOutcome next = target().start(Job.experiment(experiment())).await();
    assertThat(next.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(runtime.runs()).hasSize(1);
  }

  @Test
  void stop_whileTheContainerRuns_stopsItAndTheSameTargetRunsAgain() throws Exception {
    java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
    runtime.onCommand(
        "scylla",
        (context, args) -> {
          running.countDown();
          context.out(
              new Progress("started", "Experiment", finished.toString(), 0, 2, 0, 0).toLine());
          try {
            context.sleep(java.time.Duration.ofMinutes(5));
          } catch (InterruptedException e) {
            context.out(
                new Progress(
                        Progress.FINISHED,
                        "stopped",
                        finished.toString(),
                        0,
                        2,
                        0,
                        0,
                        "INTERRUPTED")
                    .toLine());
            return ExitCodes.INTERRUPTED;
          }
          return 0;
        });
    ContainerTarget target = target();

    JobHandle<ExperimentOutcome> handle = target.start(Job.experiment(experiment()));
    running.await();
    handle.stop();
    ExperimentOutcome stoppedOutcome = handle.await();

    assertThat(stoppedOutcome.status()).isEqualTo(ExperimentStatus.INTERRUPTED);
    runtime.onCommand("scylla", reports("COMPLETED", 0));
    assertThat(target.run(experiment()).status())
        .as("a target is settings: one whose job was stopped runs the next")
        .isEqualTo(ExperimentStatus.COMPLETED);
  }

  @Test
  void setters_returnNewTargets_andLeaveTheOriginalAsItWas() {
    ContainerTarget base = target();
    ContainerTarget verbose = base.scyllaOptions(List.of("-v"));

    assertThat(verbose).isNotSameAs(base);
    runtime.onCommand("scylla", reports("COMPLETED", 0));
    assertThat(Target.container()).isSameAs(Target.container());
  }
}
