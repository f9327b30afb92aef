package dev.scylla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.api.ExitCodes;
import dev.scylla.api.Job;
import dev.scylla.api.Jobs;
import dev.scylla.api.Progress;
import dev.scylla.api.ScyllaImage;
import dev.scylla.cli.e2e.Host;
import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentAdapters;
import dev.scylla.core.config.ExperimentConfigs;
import dev.scylla.core.engine.ExperimentRunner;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureLoader;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.docker.ContainerSpec;
import dev.scylla.docker.Mount;
import dev.scylla.docker.ScyllaLabels;
import dev.scylla.docker.UserIds;
import dev.scylla.docker.testing.FakeContainerRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code scylla run} on the host, against the in-memory container runtime. */
class HostRunTest {

  @TempDir Path dir;

  /** An experiment folder as the Scylla inside leaves it: what a completed fake run reports. */
  private static Path finished;

  @BeforeAll
  static void runOneExperiment(@TempDir Path base) throws IOException {
    Path fixtureDir = base.resolve("hello-world");
    Host.copyTree(Path.of("..", "examples", "hello-world"), fixtureDir);
    Fixture loaded = FixtureLoader.load(fixtureDir);
    AgentAdapter scripted = AgentAdapters.fromSpec("scripted:scripted-agent.yaml", fixtureDir);
    finished =
        ExperimentRunner.builder()
            .fixture(loaded)
            .config(
                ExperimentConfigs.resolve(
                    loaded,
                    Optional.empty(),
                    ExperimentConfig.Overrides.builder().runsPerSubtest(1).build()))
            .resultsRoot(base.resolve("results"))
            .agent(scripted)
            .judge(scripted)
            .build()
            .run()
            .experimentDir();
  }

  /** A fake Scylla inside that reports the finished experiment and exits 0. */
  private static FakeContainerRuntime.Program completes() {
    return (context, args) -> {
      context.out(new Progress("started", "Experiment", finished.toString(), 0, 2, 0, 0).toLine());
      context.out(
          new Progress(
                  Progress.FINISHED, "completed", finished.toString(), 2, 2, 2, 0.05, "COMPLETED")
              .toLine());
      return 0;
    };
  }

  private final FakeContainerRuntime runtime = new FakeContainerRuntime();
  private final AtomicBoolean connected = new AtomicBoolean();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Path fixture;
  private Path credentials;
  private Path jar;

  @BeforeEach
  void setUp() throws IOException {
    fixture = dir.resolve("hello-world");
    Host.copyTree(Path.of("..", "examples", "hello-world"), fixture);
    credentials = dir.resolve("credentials.json");
    Files.writeString(
        credentials,
        "{\"claudeAiOauth\":{\"accessToken\":\"sk-ant-oat01-unit-access\",\"refreshToken\":"
            + "\"sk-ant-ort01-unit-refresh\",\"expiresAt\":"
            + (System.currentTimeMillis() + 3_600_000L)
            + ",\"scopes\":[\"user:inference\"]}}",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
    jar = dir.resolve("scylla.jar");
    Files.writeString(jar, "not really a jar, but hashed like one");
  }

  /** The image's inputs: a repository of its own (never the user's image nor its lock), a jar. */
  private Images.Source images() {
    return new Images.Source(
        Map.of(Images.REPOSITORY_ENV, "scylla-unit-" + ProcessHandle.current().pid()), () -> jar);
  }

  private int run(String... args) {
    CommandLine cli =
        ScyllaCli.commandLine(
            new CommandLine.IFactory() {
              @Override
              public <K> K create(Class<K> cls) throws Exception {
                if (cls == RunCommand.class) {
                  return cls.cast(
                      new RunCommand(
                          () -> {
                            connected.set(true);
                            return runtime;
                          },
                          images()));
                }
                return CommandLine.defaultFactory().create(cls);
              }
            });
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("run"));
    all.addAll(List.of(args));
    return cli.execute(all.toArray(String[]::new));
  }

  @Test
  void run_buildsTheImageThenRunsOneContainerWithSamePathMountsAndStagedCredentials() {
    runtime.onCommand("scylla", completes());
    Path results = dir.resolve("results");

    int code =
        run(
            "--tiers-dir",
            fixture.toString(),
            "--results-dir",
            results.toString(),
            "--credentials",
            credentials.toString(),
            "--memory",
            "2g",
            "--cpus",
            "1.5",
            "--env",
            "EXTRA=1");

    assertThat(code).as(err.toString()).isZero();
    assertThat(runtime.builds()).hasSize(1);
    assertThat(runtime.builds().get(0).tags())
        .as("built in the test's own repository")
        .allMatch(t -> t.startsWith("scylla-unit-" + ProcessHandle.current().pid() + ":"));
    assertThat(runtime.runs()).hasSize(1);
    ContainerSpec spec = runtime.runs().get(0);
    assertThat(spec.command())
        .containsExactly("/usr/local/bin/scylla", "job", "/scylla-job/job.json");
    assertThat(spec.mounts())
        .contains(
            Mount.samePath(fixture.toAbsolutePath(), true),
            Mount.samePath(results.toAbsolutePath(), false));
    Mount staged =
        spec.mounts().stream()
            .filter(m -> m.containerPath().equals("/home/scylla/.claude"))
            .findFirst()
            .orElseThrow();
    assertThat(staged.readOnly()).isFalse();
    assertThat(staged.hostPath()).as("staging removed after the run").doesNotExist();
    assertThat(spec.env())
        .containsEntry("CLAUDE_CONFIG_DIR", "/home/scylla/.claude")
        .containsEntry("EXTRA", "1")
        .containsEntry(ScyllaImage.HOST_PROTOCOL_ENV, "1");
    assertThat(spec.user()).isEqualTo(UserIds.current().spec());
    assertThat(spec.labels())
        .containsEntry(ScyllaLabels.MANAGED_BY, ScyllaLabels.MANAGED_BY_VALUE)
        .containsEntry(ScyllaLabels.KIND, ScyllaLabels.Kind.RUN.value())
        .containsKey(ScyllaLabels.OWNER_PID);
    assertThat(spec.init()).isTrue();
    assertThat(spec.memoryBytes()).isEqualTo(2L << 30);
    assertThat(spec.cpus()).isEqualTo(1.5);
    assertThat(spec.workdir()).isEqualTo(Path.of("").toAbsolutePath().toString());
    assertThat(out.toString() + err.toString()).doesNotContain("sk-ant-oat01-unit-access");
  }

  @Test
  void run_givesTheScyllaInsideTheExperimentAsItsJobDocument_thenTheGlobalOptions() {
    java.util.concurrent.atomic.AtomicReference<Job<?>> seen =
        new java.util.concurrent.atomic.AtomicReference<>();
    runtime.onCommand(
        "scylla",
        (context, args) -> {
          Mount document =
              context.spec().mounts().stream()
                  .filter(m -> m.containerPath().equals("/scylla-job"))
                  .findFirst()
                  .orElseThrow();
          seen.set(Jobs.read(document.hostPath().resolve("job.json")));
          return completes().run(context, args);
        });

    int code =
        run(
            "--tiers-dir", fixture.toString(),
            "--results-dir", dir.resolve("results").toString(),
            "--credentials", credentials.toString(),
            "-q", "--stacktrace");

    assertThat(code).as(err.toString()).isZero();
    List<String> command = runtime.runs().get(0).command();
    assertThat(command).endsWith("--quiet", "--stacktrace");
    assertThat(command.subList(1, command.size() - 2))
        .containsExactly("job", "/scylla-job/job.json");
    assertThat(seen.get())
        .as("the experiment the options describe, every path absolute")
        .isEqualTo(
            Job.experiment(
                dev.scylla.api.Experiment.builder(fixture)
                    .resultsDir(dir.resolve("results"))
                    .build()));
  }

  @Test
  void run_withTheImagePresent_doesNotBuildAgain() {
    runtime.onCommand("scylla", completes());
    String[] args = {
      "--tiers-dir", fixture.toString(),
      "--results-dir", dir.resolve("results").toString(),
      "--credentials", credentials.toString()
    };

    assertThat(run(args)).isZero();
    assertThat(run(args)).isZero();

    assertThat(runtime.builds()).hasSize(1);
    assertThat(runtime.runs()).hasSize(2);
  }

  @Test
  void run_printsTheProgressTheContainerReports() {
    runtime.onCommand(
        "scylla",
        (context, args) -> {
          context.out(
              new Progress("run", "T0/00 run 1: PASS", finished.toString(), 1, 2, 1, 0.1).toLine());
          context.err("a warning from inside");
          return completes().run(context, args);
        });

    int code =
        run(
            "--tiers-dir", fixture.toString(),
            "--results-dir", dir.resolve("results").toString(),
            "--credentials", credentials.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).contains("T0/00 run 1: PASS").contains("a warning from inside");
    assertThat(out.toString())
        .as("the summary of the folder it reported")
        .contains("Best Tier: T0");
    assertThat(err.toString()).doesNotContain(Progress.PREFIX);
  }

  @Test
  void run_containerKilled_isAFailureWithAHint() {
    runtime.onCommand("scylla", (context, args) -> 137);

    int code =
        run(
            "--tiers-dir", fixture.toString(),
            "--results-dir", dir.resolve("results").toString(),
            "--credentials", credentials.toString());

    assertThat(code).isEqualTo(ExitCodes.DOCKER);
    assertThat(err.toString()).contains("137").contains("--memory");
  }

  @Test
  void run_badFixture_exits2WithoutTouchingDocker() throws IOException {
    Files.delete(fixture.resolve("prompt.md"));

    int code = run("--tiers-dir", fixture.toString(), "--credentials", credentials.toString());

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("prompt.md").doesNotContain("\tat ");
    assertThat(connected).isFalse();
  }

  @Test
  void run_badMountOption_exits2WithTheExpectedForm() {
    int code =
        run(
            "--tiers-dir", fixture.toString(),
            "--credentials", credentials.toString(),
            "--mount", "no-colon-here");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("SRC:DST[:ro]");
    assertThat(connected).isFalse();
  }

  @Test
  void run_missingCredentialsFile_exits4BeforeDocker() {
    int code =
        run(
            "--tiers-dir", fixture.toString(),
            "--credentials", dir.resolve("absent.json").toString());

    assertThat(code).isEqualTo(ExitCodes.CREDENTIALS);
    assertThat(err.toString().lines().filter(l -> l.startsWith("scylla: ")))
        .singleElement()
        .asString()
        .contains("absent.json", "--credentials FILE names another");
    assertThat(connected).isFalse();
  }

  @Test
  void run_scriptedAgentWithoutALogin_saysNothingAboutALogin() {
    runtime.onCommand("scylla", completes());

    int code =
        run(
            "--tiers-dir", fixture.toString(),
            "--results-dir", dir.resolve("results").toString(),
            "--credentials", dir.resolve("absent.json").toString(),
            "--agent", "scripted:" + fixture.resolve("scripted-agent.yaml"));

    assertThat(code).as(err.toString()).isZero();
    assertThat(runtime.runs()).hasSize(1);
    assertThat(err.toString()).doesNotContainIgnoringCase("login");
  }

  @Test
  void run_runnerFailing_showsItsLastOutputLineAndSuggestsVerboseOnlyWithoutIt() {
    runtime.onCommand(
        "scylla",
        (context, args) -> {
          context.err("/usr/local/bin/scylla: exec: java: not found");
          return 127;
        });
    String[] base = {
      "--tiers-dir", fixture.toString(),
      "--results-dir", dir.resolve("results").toString(),
      "--credentials", credentials.toString()
    };

    int quiet = run(base);
    String quietErr = err.toString();
    err.getBuffer().setLength(0);
    List<String> verboseArgs = new ArrayList<>(List.of(base));
    verboseArgs.add("-v");
    int verbose = run(verboseArgs.toArray(String[]::new));

    assertThat(quiet).isEqualTo(ExitCodes.DOCKER);
    assertThat(verbose).isEqualTo(ExitCodes.DOCKER);
    assertThat(quietErr.lines().filter(l -> l.startsWith("scylla: ")))
        .singleElement()
        .asString()
        .contains("code 127", "exec: java: not found", "-v");
    assertThat(err.toString().lines().filter(l -> l.startsWith("scylla: ")))
        .singleElement()
        .asString()
        .contains("code 127", "exec: java: not found")
        .doesNotContain("-v");
  }

  @Test
  void run_runnerFailingQuietly_showsItsLastLinesBeforeTheError() {
    runtime.onCommand(
        "scylla",
        (context, args) -> {
          context.out("starting the runner");
          context.err("/usr/local/bin/scylla: exec: java: not found");
          return 127;
        });

    int code =
        run(
            "--tiers-dir",
            fixture.toString(),
            "--results-dir",
            dir.resolve("results").toString(),
            "--credentials",
            credentials.toString(),
            "-q");

    assertThat(code).isEqualTo(ExitCodes.DOCKER);
    String text = err.toString();
    assertThat(text)
        .contains(
            "last lines of the runner container's output:",
            "  starting the runner",
            "  /usr/local/bin/scylla: exec: java: not found");
    assertThat(text.indexOf("last lines of")).isLessThan(text.indexOf("scylla: the runner"));
  }

  @Test
  void run_missingTaskRepository_exits2BeforeDockerAndWritesNothing() {
    Path results = dir.resolve("results");

    int code =
        run(
            "--tiers-dir", fixture.toString(),
            "--results-dir", results.toString(),
            "--credentials", credentials.toString(),
            "--repo", dir.resolve("no-such-repo.bundle").toString());

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString().lines().filter(l -> l.startsWith("scylla: ")))
        .singleElement()
        .asString()
        .contains("no-such-repo.bundle", "does not exist", "--repo chooses another");
    assertThat(connected).isFalse();
    assertThat(results).doesNotExist();
  }

  @Test
  void run_commitNotInTheBundle_exits2BeforeDocker() {
    int code =
        run(
            "--tiers-dir", fixture.toString(),
            "--results-dir", dir.resolve("results").toString(),
            "--credentials", credentials.toString(),
            "--commit", "0123456789abcdef0123456789abcdef01234567");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains(
            "0123456789abcdef0123456789abcdef01234567", "not found", "--commit chooses another");
    assertThat(connected).isFalse();
  }

  @Test
  void run_missingCaBundle_exits2NamingTheOptionAndTheVariable() {
    int code =
        run(
            "--tiers-dir", fixture.toString(),
            "--results-dir", dir.resolve("results").toString(),
            "--credentials", credentials.toString(),
            "--ca-bundle", dir.resolve("missing.pem").toString());

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString().lines().filter(l -> l.startsWith("scylla: ")))
        .singleElement()
        .asString()
        .contains("missing.pem", "--ca-bundle FILE or SCYLLA_CA_BUNDLE=FILE");
    assertThat(runtime.runs()).isEmpty();
  }

  @Test
  void run_runnerExiting1BeforeAnyExperiment_isAFailureOfTheRunnerNotErroredRuns() {
    runtime.onCommand(
        "scylla",
        (context, args) -> {
          context.err("Error: Could not create the Java Virtual Machine.");
          return 1;
        });

    int code =
        run(
            "--tiers-dir", fixture.toString(),
            "--results-dir", dir.resolve("results").toString(),
            "--credentials", credentials.toString());

    assertThat(code).isEqualTo(ExitCodes.DOCKER);
    assertThat(err.toString())
        .contains("code 1: Error: Could not create the Java Virtual Machine.");
  }

  @Test
  void run_imageBuildFailingOnTls_showsTheLogTailAndSaysToPassTheCaBundle() {
    runtime.failNextBuild(
        "npm error code SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain");

    int code =
        run(
            "--tiers-dir", fixture.toString(),
            "--results-dir", dir.resolve("results").toString(),
            "--credentials", credentials.toString());

    assertThat(code).isEqualTo(ExitCodes.DOCKER);
    String text = err.toString();
    assertThat(text).contains("last lines of the build log:", "  npm error code SELF_SIGNED");
    assertThat(text.lines().filter(l -> l.startsWith("scylla: ")))
        .singleElement()
        .asString()
        .contains("--ca-bundle", "SCYLLA_CA_BUNDLE");
    assertThat(text.indexOf("last lines of the build log:")).isLessThan(text.indexOf("scylla: "));
    assertThat(runtime.runs()).isEmpty();
  }

  @Test
  void run_network_isTheContainersModeAndReachesTheInsideForTheProvenance() {
    runtime.onCommand("scylla", completes());
    String[] base = {
      "--tiers-dir", fixture.toString(),
      "--results-dir", dir.resolve("results").toString(),
      "--credentials", credentials.toString()
    };
    assertThat(run(base)).as(err.toString()).isZero();
    List<String> withNetwork = new ArrayList<>(List.of(base));
    withNetwork.addAll(List.of("--network", "container:scylla-api"));
    assertThat(run(withNetwork.toArray(String[]::new))).as(err.toString()).isZero();

    assertThat(runtime.runs().get(0).networkMode()).isEqualTo("bridge");
    assertThat(runtime.runs().get(0).env()).containsEntry(ScyllaImage.NETWORK_ENV, "bridge");
    assertThat(runtime.runs().get(1).networkMode()).isEqualTo("container:scylla-api");
    assertThat(runtime.runs().get(1).env())
        .containsEntry(ScyllaImage.NETWORK_ENV, "container:scylla-api");
  }

  @Test
  void run_judgeSystemPrompt_isMountedReadOnly_aMissingOneExits2BeforeDocker() throws IOException {
    runtime.onCommand("scylla", completes());
    Path prompt = Files.writeString(dir.resolve("judge.md"), "Grade strictly.");
    int code =
        run(
            "--tiers-dir", fixture.toString(),
            "--results-dir", dir.resolve("results").toString(),
            "--credentials", credentials.toString(),
            "--judge-system-prompt", prompt.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(runtime.runs().get(0).mounts())
        .contains(Mount.samePath(prompt.toAbsolutePath(), true));

    connected.set(false);
    int missing =
        run(
            "--tiers-dir", fixture.toString(),
            "--credentials", credentials.toString(),
            "--judge-system-prompt", dir.resolve("absent.md").toString());
    assertThat(missing).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("absent.md");
    assertThat(connected).isFalse();
  }

  @Test
  void run_negativeInfraRetriesOrBadNetwork_exit2BeforeDocker() {
    int retries =
        run(
            "--tiers-dir", fixture.toString(),
            "--credentials", credentials.toString(),
            "--infra-retries", "-1");
    assertThat(retries).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--infra-retries");
    int network =
        run(
            "--tiers-dir", fixture.toString(),
            "--credentials", credentials.toString(),
            "--network", "container:");
    assertThat(network).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("container:NAME");
    assertThat(connected).isFalse();
  }

  @Test
  void run_badUntilOrMaxOutage_exit2InOneLineBeforeDocker() {
    int until =
        run(
            "--tiers-dir", fixture.toString(),
            "--credentials", credentials.toString(),
            "--until", "judged");
    assertThat(until).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString().strip())
        .isEqualTo("scylla: --until must be agent_complete, was 'judged'");
    err.getBuffer().setLength(0);
    int outage =
        run(
            "--tiers-dir", fixture.toString(),
            "--credentials", credentials.toString(),
            "--max-outage", "0");
    assertThat(outage).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString().strip())
        .isEqualTo("scylla: --max-outage must be 1 second or more, was 0");
    err.getBuffer().setLength(0);
    int notANumber =
        run(
            "--tiers-dir", fixture.toString(),
            "--credentials", credentials.toString(),
            "--max-outage", "soon");
    assertThat(notANumber).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--max-outage");
    assertThat(connected).isFalse();
  }
}
