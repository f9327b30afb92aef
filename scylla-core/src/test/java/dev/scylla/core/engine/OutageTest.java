package dev.scylla.core.engine;

import static dev.scylla.core.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.results.Checkpoint;
import dev.scylla.core.results.CheckpointStatus;
import dev.scylla.core.results.RunState;
import dev.scylla.core.testing.FakeApi;
import dev.scylla.core.testing.TestFixtures;
import dev.scylla.core.testing.UsesGit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An API that goes away mid-experiment: no run's result comes from the outage, the experiment
 * pauses instead of burning through its runs, and a resume completes it without repeating an
 * answered agent call.
 */
@UsesGit
class OutageTest {
  @TempDir Path tmp;
  private Fixture fixture;
  private FakeApi api;
  private final List<String> events = new CopyOnWriteArrayList<>();

  private final ExperimentListener recorder =
      new ExperimentListener() {
        @Override
        public void apiUnreachable(Instant since, Duration nextTry, String message) {
          events.add("unreachable " + nextTry.toMillis());
        }

        @Override
        public void apiReachable(Duration downFor) {
          events.add("reachable");
        }

        @Override
        public void runAwaitingJudgment(TierId tier, String subTestId, int runNumber) {
          events.add("awaiting " + tier + "/" + subTestId + "/" + runNumber);
        }
      };

  @BeforeEach
  void setUp() throws IOException {
    fixture = TestFixtures.load(TestFixtures.copyExample(tmp, 0));
    api = new FakeApi(30);
  }

  private ExperimentRunner.Builder runner(String id, int runs, int parallel) {
    return ExperimentRunner.builder()
        .fixture(fixture)
        .config(TestFixtures.config(fixture, id, runs, parallel, null, null))
        .resultsRoot(tmp.resolve("results"))
        .python(TestFixtures.PYTHON)
        .agent(api)
        .judge(api)
        .listener(recorder)
        .infraRetries(1)
        .firstProbeDelay(Duration.ofMillis(50));
  }

  private static List<RunResult> runs(ExperimentOutcome outcome) {
    return outcome.result().tierResults().get(TierId.T0).subtestResults().values().stream()
        .flatMap(s -> s.runs().stream())
        .toList();
  }

  private static Checkpoint checkpoint(ExperimentOutcome outcome) {
    return Checkpoint.read(outcome.experimentDir().resolve("checkpoint.json"));
  }

  @Test
  @Timeout(120)
  void outageLongerThanTheRetries_pausesThenScoresEveryRunWithoutRepeatingAnAnsweredCall()
      throws Exception {
    api.up.set(false);
    ExperimentRunner runner = runner("outage-heals", 2, 2).build();
    CompletableFuture<ExperimentOutcome> done = CompletableFuture.supplyAsync(runner::run);
    try {
      await(
          Duration.ofSeconds(60),
          () -> events.stream().anyMatch(e -> e.startsWith("unreachable")),
          "the experiment pauses");
      // Paused: no new call starts while the API is down, whatever the probes say.
      int callsWhenPaused = api.calls.size();
      Thread.sleep(500);
      assertThat(api.calls.size()).isLessThanOrEqualTo(callsWhenPaused + 2);
      api.up.set(true);
      ExperimentOutcome outcome = done.get(60, TimeUnit.SECONDS);

      assertThat(outcome.status()).isEqualTo(ExperimentStatus.COMPLETED);
      assertThat(runs(outcome)).hasSize(4).allMatch(RunResult::scored);
      assertThat(runs(outcome)).allMatch(r -> r.error() == null);
      // Each run's agent was answered once; no judge was asked about a run whose agent failed.
      for (String run : List.of("T0/00/1", "T0/00/2", "T0/01/1", "T0/01/2")) {
        assertThat(api.answeredAgentCalls(run)).as(run).isEqualTo(1);
        assertThat(api.answeredJudgeCalls(run)).as(run).isEqualTo(1);
      }
      assertThat(api.calls).noneMatch(c -> c.contains("dirty-workspace"));
      assertThat(events).contains("reachable");
      assertThat(checkpoint(outcome).status()).isEqualTo(CheckpointStatus.COMPLETED);
      assertThat(checkpoint(outcome).pauseCount()).isGreaterThanOrEqualTo(1);
    } finally {
      runner.requestStop();
    }
  }

  @Test
  @Timeout(120)
  void outageLongerThanMaxOutage_stopsResumably_andTheResumeScoresEveryRunOnce() throws Exception {
    api.up.set(false);
    ExperimentOutcome stopped =
        runner("outage-long", 1, 2).maxOutage(Duration.ofMillis(600)).build().run();

    assertThat(stopped.status()).isEqualTo(ExperimentStatus.API_UNREACHABLE);
    assertThat(stopped.message()).contains("unreachable since", "run the same command again");
    assertThat(stopped.message()).doesNotContain("--");
    assertThat(stopped.result().tierResults()).isEmpty();
    assertThat(checkpoint(stopped).status()).isEqualTo(CheckpointStatus.INTERRUPTED);
    assertThat(api.calls).noneMatch(c -> c.startsWith("judge "));
    try (var files = Files.walk(stopped.experimentDir())) {
      assertThat(files.filter(p -> p.getFileName().toString().equals("run_result.json"))).isEmpty();
    }

    api.up.set(true);
    ExperimentOutcome resumed = runner("outage-long", 1, 2).build().run();

    assertThat(resumed.experimentDir()).isEqualTo(stopped.experimentDir());
    assertThat(resumed.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(runs(resumed)).hasSize(2).allMatch(RunResult::scored);
    assertThat(api.answeredAgentCalls("T0/00/1")).isEqualTo(1);
    assertThat(api.answeredAgentCalls("T0/01/1")).isEqualTo(1);
  }

  @Test
  @Timeout(120)
  void ctrlCDuringThePause_stopsAtOnce() throws Exception {
    api.up.set(false);
    ExperimentRunner runner = runner("outage-stop", 1, 2).build();
    CompletableFuture<ExperimentOutcome> done = CompletableFuture.supplyAsync(runner::run);
    await(
        Duration.ofSeconds(60),
        () -> events.stream().anyMatch(e -> e.startsWith("unreachable")),
        "the experiment pauses");
    long start = System.nanoTime();
    runner.requestStop();
    ExperimentOutcome outcome = done.get(30, TimeUnit.SECONDS);

    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    assertThat(outcome.status()).isEqualTo(ExperimentStatus.INTERRUPTED);
  }

  @Test
  @Timeout(120)
  void agentErroredOnInfrastructure_isNeverJudgedNorScored_andResumeRunsItAgainFresh()
      throws Exception {
    api.failingRuns.add("T0/00/1");
    ExperimentOutcome first = runner("infra-errored", 1, 1).build().run();

    assertThat(first.status()).isEqualTo(ExperimentStatus.COMPLETED);
    RunResult errored =
        first.result().tierResults().get(TierId.T0).subtestResults().get("00").runs().get(0);
    assertThat(errored.scored()).isFalse();
    assertThat(errored.judgePassed()).isFalse();
    assertThat(errored.judges()).isEmpty();
    assertThat(errored.error()).startsWith("agent errored (server_error");
    assertThat(api.answeredJudgeCalls("T0/00/1")).isZero();
    // One call and one retry, each in a fresh workspace.
    assertThat(api.calls).filteredOn(c -> c.startsWith("agent T0/00/1 ")).hasSize(2);
    assertThat(api.calls).noneMatch(c -> c.contains("dirty-workspace"));
    // Outside the pass rate: the sub-test has no scored run, the other one passes alone.
    SubTestResult s00 = first.result().tierResults().get(TierId.T0).subtestResults().get("00");
    assertThat(s00.medianScore()).isNull();
    Checkpoint cp = checkpoint(first);
    assertThat(cp.runState(TierId.T0, "00", 1)).contains(RunState.ERRORED);
    assertThat(cp.errorKind(TierId.T0, "00", 1)).contains("server_error");
    assertThat(first.summaryLines()).contains("Errored: 1 run not scored (outside the pass rates)");

    api.failingRuns.clear();
    ExperimentOutcome resumed = runner("infra-errored", 1, 1).build().run();

    assertThat(resumed.experimentDir()).isEqualTo(first.experimentDir());
    assertThat(runs(resumed)).hasSize(2).allMatch(RunResult::scored);
    assertThat(resumed.erroredRuns()).isZero();
    // The run that passed before is not run again; the errored one is, once.
    assertThat(api.answeredAgentCalls("T0/01/1")).isEqualTo(1);
    assertThat(api.answeredAgentCalls("T0/00/1")).isEqualTo(1);
    JsonNode result =
        ScyllaJson.mapper()
            .readTree(resumed.experimentDir().resolve("T0/00/run_01/run_result.json").toFile());
    assertThat(result.get("error").isNull()).isTrue();
    assertThat(checkpoint(resumed).runState(TierId.T0, "00", 1)).contains(RunState.PASSED);
    assertThat(checkpoint(resumed).errorKind(TierId.T0, "00", 1)).isEmpty();
  }

  @Test
  @Timeout(120)
  void judgesThatCannotReachTheModel_leaveTheRunAwaitingJudgment_thenResumeJudgesWithoutTheAgent()
      throws Exception {
    api.judgesUp.set(false);
    ExperimentOutcome first = runner("judge-down", 1, 1).infraRetries(0).build().run();

    assertThat(first.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(first.result().tierResults()).isEmpty();
    assertThat(first.awaitingJudgment()).isEqualTo(2);
    assertThat(first.erroredRuns()).isZero();
    assertThat(first.summaryLines()).anyMatch(l -> l.startsWith("Awaiting judgment: 2 runs"));
    assertThat(checkpoint(first).runState(TierId.T0, "00", 1)).contains(RunState.AGENT_COMPLETE);

    api.judgesUp.set(true);
    ExperimentOutcome resumed = runner("judge-down", 1, 1).build().run();

    assertThat(runs(resumed)).hasSize(2).allMatch(RunResult::scored);
    assertThat(api.answeredAgentCalls(null)).isEqualTo(2);
    // The scored run's result holds the judge that answered, nothing of the one that did not.
    assertThat(runs(resumed)).allMatch(r -> r.judges().size() == 1 && r.judges().get(0).valid());
    assertThat(resumed.awaitingJudgment()).isZero();
  }

  @Test
  @Timeout(120)
  void proseJudgeAnswers_areAskedAgainWithAReminderOfTheJson() throws Exception {
    api.proseAnswers.set(2);
    ExperimentOutcome outcome =
        runner("judge-prose", 1, 1)
            .config(TestFixtures.config(fixture, "judge-prose", 1, 1, 1, null))
            .build()
            .run();

    RunResult run = runs(outcome).get(0);
    assertThat(run.scored()).isTrue();
    assertThat(run.judges().get(0).valid()).isTrue();
    assertThat(api.judgePrompts).hasSize(3);
    assertThat(api.judgePrompts.get(0)).doesNotContain("held no verdict");
    assertThat(api.judgePrompts.get(1)).contains("held no verdict", "\"score\"");
    // The three tries' cost is the judge's cost.
    assertThat(run.judges().get(0).costUsd())
        .isEqualTo(0.03, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  @Timeout(120)
  void aJudgeThatNeverGivesAVerdict_isInvalidAfterThreeTries_andTheRunIsNotScored()
      throws Exception {
    api.proseAnswers.set(3);
    ExperimentOutcome outcome =
        runner("judge-prose3", 1, 1)
            .config(TestFixtures.config(fixture, "judge-prose3", 1, 1, 1, null))
            .build()
            .run();

    RunResult run = runs(outcome).get(0);
    assertThat(run.scored()).isFalse();
    assertThat(run.judges().get(0).error()).contains("asked 3 times");
    assertThat(api.judgePrompts).hasSize(3);
    assertThat(checkpoint(outcome).errorKind(TierId.T0, "00", 1)).contains("judge");
    assertThat(outcome.result().tierResults().get(TierId.T0).subtestResults().get("00").passRate())
        .isZero();
  }

  @Test
  @Timeout(120)
  void agentsOnly_runsEveryAgentAndJudgesNothing_thenTheSameExperimentJudgesThem()
      throws Exception {
    ExperimentOutcome agents = runner("phases", 1, 2).agentsOnly(true).build().run();

    assertThat(agents.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(agents.awaitingJudgment()).isEqualTo(2);
    assertThat(api.calls).noneMatch(c -> c.startsWith("judge "));
    assertThat(events).contains("awaiting T0/00/1", "awaiting T0/01/1");

    ExperimentOutcome judged = runner("phases", 1, 2).build().run();

    assertThat(judged.experimentDir()).isEqualTo(agents.experimentDir());
    assertThat(runs(judged)).hasSize(2).allMatch(RunResult::scored);
    assertThat(api.answeredAgentCalls(null)).isEqualTo(2);
    assertThat(api.answeredJudgeCalls(null)).isEqualTo(2);
  }

  @Test
  @Timeout(120)
  void agentsOnly_thenRejudge_judgesTheAwaitingRunsWithoutTheirAgents() throws Exception {
    api.failingRuns.add("T0/01/1");
    ExperimentOutcome agents =
        runner("phases-rejudge", 1, 2).infraRetries(0).agentsOnly(true).build().run();
    assertThat(agents.awaitingJudgment()).isEqualTo(1);

    Rejudge.Outcome judged =
        Rejudge.builder()
            .experimentDir(agents.experimentDir())
            .judge(api)
            .python(TestFixtures.PYTHON)
            .build()
            .run();

    assertThat(judged.rejudged()).isEqualTo(1);
    // The run errored on the API has nothing to judge.
    assertThat(judged.skipped()).isEqualTo(1);
    assertThat(api.answeredJudgeCalls("T0/00/1")).isEqualTo(1);
    assertThat(api.answeredJudgeCalls("T0/01/1")).isZero();
    assertThat(api.answeredAgentCalls(null)).isEqualTo(1);
    Checkpoint cp = checkpoint(agents);
    assertThat(cp.runState(TierId.T0, "00", 1)).contains(RunState.PASSED);
    assertThat(cp.runState(TierId.T0, "01", 1)).contains(RunState.ERRORED);
  }

  @Test
  @Timeout(120)
  void aJudgeThatCannotReachTheModel_leavesNoEntry_theOtherJudgesVerdictScoresTheRun()
      throws Exception {
    ExperimentConfig one = TestFixtures.config(fixture, "two-judges", 1, 1, 1, null);
    ExperimentConfig twoJudges =
        new ExperimentConfig(
            one.experimentId(),
            one.taskRepo(),
            one.taskCommit(),
            one.taskPromptFile(),
            one.language(),
            one.models(),
            one.runsPerSubtest(),
            one.tiersToRun(),
            List.of(TestFixtures.JUDGE_MODEL, "claude-haiku-4-5-20251001"),
            one.parallelSubtests(),
            one.timeoutSeconds(),
            one.maxTurns(),
            one.maxSubtests(),
            one.maxCostUsd(),
            one.tiersDir(),
            one.sharedDir());
    api.unreachableJudgeModels.add("claude-haiku-4-5-20251001");

    ExperimentOutcome outcome =
        runner("two-judges", 1, 1).infraRetries(0).config(twoJudges).build().run();

    RunResult run = runs(outcome).get(0);
    assertThat(run.scored()).isTrue();
    assertThat(run.error()).isNull();
    assertThat(run.judges()).hasSize(1);
    assertThat(run.judges().get(0).model()).isEqualTo(TestFixtures.JUDGE_MODEL);
    String json = Files.readString(outcome.experimentDir().resolve("T0/00/run_01/run_result.json"));
    assertThat(json).doesNotContain("ECONNREFUSED").doesNotContain("claude-haiku-4-5-20251001");
  }
}
