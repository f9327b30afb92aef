package dev.scylla.core.engine;

import static dev.scylla.core.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scylla.core.agent.ClaudeCodeAdapter;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.testing.StubClaude;
import dev.scylla.core.testing.TestClock;
import dev.scylla.core.testing.TestFixtures;
import dev.scylla.core.testing.UsesGit;
import dev.scylla.core.testing.UsesPython3;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Whole experiments through {@link ClaudeCodeAdapter} against the stub {@code claude}. */
@UsesGit
class ClaudeCodeExperimentTest {
  @TempDir Path tmp;
  private StubClaude stub;
  private Fixture fixture;
  private final List<String> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    stub = StubClaude.install(tmp);
    fixture = TestFixtures.load(TestFixtures.copyExample(tmp, 0));
  }

  private final ExperimentListener recorder =
      new ExperimentListener() {
        @Override
        public void runFinished(TierId tier, String subTestId, RunResult result) {
          events.add("finished " + tier + "/" + subTestId + "/" + result.runNumber());
        }

        @Override
        public void rateLimitPaused(Duration pause, Instant until, String message) {
          events.add("paused " + pause.toMillis());
        }

        @Override
        public void budgetExhausted(double spentUsd, double limitUsd) {
          events.add("budget " + spentUsd);
        }

        @Override
        public void authFailed(String message) {
          events.add("auth " + message);
        }
      };

  private ExperimentOutcome run(ExperimentConfig config, Map<String, String> stubSettings) {
    return runner(config, stubSettings, Clock.systemUTC()).run();
  }

  private ExperimentRunner runner(
      ExperimentConfig config, Map<String, String> stubSettings, Clock clock) {
    ClaudeCodeAdapter adapter = stub.adapter(stubSettings);
    return ExperimentRunner.builder()
        .fixture(fixture)
        .config(config)
        .resultsRoot(tmp.resolve("results"))
        .python(TestFixtures.PYTHON)
        .agent(adapter)
        .judge(adapter)
        .listener(recorder)
        .rateLimitPause(Duration.ofMillis(500))
        .provenance("0.1.0-test", "sha256:img", "abc123", "2.1.332 (Claude Code)")
        .clock(clock)
        .build();
  }

  /** The stub agents running now (each holds a file in the stub's active folder). */
  private List<Long> activeAgents() throws IOException {
    Path active = stub.state().resolve("active");
    if (!Files.isDirectory(active)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(active)) {
      return s.map(p -> Long.parseLong(p.getFileName().toString())).toList();
    }
  }

  private static JsonNode json(Path file) throws IOException {
    return ScyllaJson.mapper().readTree(file.toFile());
  }

  private long agentCalls(String runPath) throws IOException {
    return stub.calls().stream().filter(c -> c.startsWith("agent ") && c.contains(runPath)).count();
  }

  @Test
  @UsesPython3
  void experiment_writesResultsTreeWithHandComputedNumbers() throws Exception {
    ExperimentOutcome outcome =
        run(
            TestFixtures.config(fixture, "stub-full", 2, 2, null, null),
            Map.of("STUB_LOW_SCORE", "T0/01/", "STUB_LOW_SCORE_VALUE", "0.3"));

    assertThat(outcome.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(outcome.erroredRuns()).isZero();
    Path exp = outcome.experimentDir();
    assertThat(exp.getFileName().toString()).matches("\\d{8}T\\d{6}Z-stub-full");
    for (String f :
        List.of(
            "config/experiment.json",
            "prompt.md",
            "checkpoint.json",
            "result.json",
            "tier_comparison.json",
            "report.md",
            "report.json",
            "T0/result.json",
            "T0/report.md",
            "T0/report.json",
            "T0/00/report.md",
            "T0/00/report.json",
            "T0/01/report.json",
            "T0/00/run_01/task_prompt.md",
            "T0/00/run_01/run_result.json",
            "T0/00/run_01/config_manifest.json",
            "T0/00/run_01/agent/prompt.md",
            "T0/00/run_01/agent/replay.sh",
            "T0/00/run_01/agent/transcript.jsonl",
            "T0/00/run_01/agent/stderr.log",
            "T0/00/run_01/agent/result.json",
            "T0/00/run_01/judge/prompt.md",
            "T0/00/run_01/judge/judge_01/response.txt",
            "T0/00/run_01/judge/judge_01/judgment.json",
            "T0/01/run_02/run_result.json")) {
      assertThat(exp.resolve(f)).as(f).isRegularFile();
    }
    assertThat(exp.resolve("T0/00/run_01/workspace/hello.py")).isRegularFile();
    String judgePrompt = Files.readString(exp.resolve("T0/00/run_01/judge/prompt.md"));
    assertThat(judgePrompt)
        .contains("R001: File Creation", "F1", "hello.py", "python3 -m compileall: PASS")
        .contains("python3 hello.py: PASS", "pytest: N/A");
    assertThat(exp.resolve("T0/00/run_01/workspace/__pycache__")).doesNotExist();

    // Each agent call: $0.0425, tokens 100 in / 300 out / 2000 cache write / 5000 cache read.
    // Each judge call: $0.011. 00 scores 0.85 (pass), 01 scores 0.3 (fail, grade D).
    JsonNode result = json(exp.resolve("result.json"));
    assertThat(result.get("total_cost").asDouble()).isCloseTo(4 * 0.0425, offset(1e-9));
    assertThat(result.get("total_judge_cost").asDouble()).isCloseTo(4 * 0.011, offset(1e-9));
    assertThat(result.get("best_overall_tier").asText()).isEqualTo("T0");
    assertThat(result.get("best_overall_subtest").asText()).isEqualTo("00");
    assertThat(result.get("frontier_cop").asDouble()).isCloseTo(0.0425, offset(1e-9));
    assertThat(result.get("frontier_cop_tier").asText()).isEqualTo("T0");
    assertThat(result.at("/token_stats/input_tokens").asLong()).isEqualTo(400);
    assertThat(result.at("/token_stats/output_tokens").asLong()).isEqualTo(1200);
    assertThat(result.at("/token_stats/cache_creation_tokens").asLong()).isEqualTo(8000);
    assertThat(result.at("/token_stats/cache_read_tokens").asLong()).isEqualTo(20000);
    assertThat(result.at("/provenance/claude_code_version").asText())
        .isEqualTo("2.1.332 (Claude Code)");
    JsonNode t0 = result.at("/tier_results/T0");
    assertThat(t0.get("best_subtest").asText()).isEqualTo("00");
    assertThat(t0.get("best_subtest_score").asDouble()).isCloseTo(0.85, offset(1e-9));
    assertThat(t0.get("tiebreaker_needed").asBoolean()).isFalse();
    assertThat(t0.get("cost_of_pass").asDouble()).isCloseTo(0.0425, offset(1e-9));
    JsonNode s00 = t0.at("/subtest_results/00");
    assertThat(s00.get("pass_rate").asDouble()).isEqualTo(1.0);
    assertThat(s00.get("mean_score").asDouble()).isCloseTo(0.85, offset(1e-9));
    assertThat(s00.get("std_dev_score").asDouble()).isEqualTo(0.0);
    assertThat(s00.get("consistency").asDouble()).isEqualTo(1.0);
    assertThat(s00.get("mean_cost").asDouble()).isCloseTo(0.0425, offset(1e-9));
    assertThat(s00.get("modal_grade").asText()).isEqualTo("A");
    assertThat(s00.get("selected_as_best").asBoolean()).isTrue();
    JsonNode s01 = t0.at("/subtest_results/01");
    assertThat(s01.get("pass_rate").asDouble()).isEqualTo(0.0);
    assertThat(s01.get("median_score").asDouble()).isCloseTo(0.3, offset(1e-9));
    assertThat(s01.get("modal_grade").asText()).isEqualTo("D");
    JsonNode run = json(exp.resolve("T0/00/run_01/run_result.json"));
    assertThat(run.get("cost_usd").asDouble()).isEqualTo(0.0425);
    assertThat(run.get("tokens_input").asLong()).isEqualTo(5100);
    assertThat(run.get("tokens_output").asLong()).isEqualTo(300);
    assertThat(run.get("judge_score").asDouble()).isEqualTo(0.85);
    assertThat(run.get("judge_grade").asText()).isEqualTo("A");
    assertThat(run.get("judges").get(0).get("model").asText()).isEqualTo(TestFixtures.JUDGE_MODEL);
    assertThat(run.at("/criteria_scores/functional/score").asDouble()).isEqualTo(0.85);
    assertThat(json(exp.resolve("checkpoint.json")).get("status").asText()).isEqualTo("completed");
    assertThat(json(exp.resolve("checkpoint.json")).at("/completed_runs/T0/01/2").asText())
        .isEqualTo("failed");
    assertThat(json(exp.resolve("tier_comparison.json")).at("/tiers/0/status").asText())
        .isEqualTo("PASS");

    assertThat(outcome.summaryLines().subList(1, 7))
        .containsExactly(
            "Total Cost: $0.1700",
            "Best Tier: T0",
            "Best Sub-test: 00",
            "Frontier CoP: $0.0425",
            "T0: PASS (score: 0.850, cost: $0.0425)",
            "Judge Cost: $0.0440");
    assertThat(events).filteredOn(e -> e.startsWith("finished")).hasSize(4);
  }

  @Test
  void noPassingTier_reportsNone() throws Exception {
    ExperimentOutcome outcome =
        run(
            TestFixtures.config(fixture, "stub-fail", 1, 2, null, null),
            Map.of("STUB_LOW_SCORE", "T0/", "STUB_LOW_SCORE_VALUE", "0.42"));
    assertThat(outcome.summaryLines().subList(2, 6))
        .containsExactly(
            "Best Tier: none",
            "Best Sub-test: none",
            "Frontier CoP: n/a",
            "T0: FAIL (score: 0.420, cost: $0.0425)");
  }

  @Test
  void authFailure_stopsAsInterruptedAndResumeRunsOnlyTheRest() throws Exception {
    ExperimentConfig config = TestFixtures.config(fixture, "stub-auth", 1, 1, null, null);
    ExperimentOutcome first = run(config, Map.of("STUB_AUTH_FAIL", "T0/01/run_01"));

    assertThat(first.status()).isEqualTo(ExperimentStatus.AUTH_FAILED);
    assertThat(first.message()).contains("Not logged in", "login");
    assertThat(events).anyMatch(e -> e.startsWith("auth "));
    JsonNode cp = json(first.experimentDir().resolve("checkpoint.json"));
    assertThat(cp.get("status").asText()).isEqualTo("interrupted");
    assertThat(cp.at("/completed_runs/T0/00/1").asText()).isEqualTo("passed");
    assertThat(cp.at("/completed_runs/T0/01/1").isMissingNode()).isTrue();
    assertThat(first.experimentDir().resolve("T0/01/run_01/run_result.json")).doesNotExist();

    ExperimentOutcome resumed = run(config, Map.of());
    assertThat(resumed.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(resumed.experimentDir()).isEqualTo(first.experimentDir());
    assertThat(agentCalls("T0/00/run_01")).isEqualTo(1);
    assertThat(agentCalls("T0/01/run_01")).isEqualTo(2);
    assertThat(resumed.result().tierResults().get(TierId.T0).subtestResults()).hasSize(2);
  }

  @Test
  @Timeout(120)
  void rateLimitOnce_pausesUntilTheClockPassesTheResetThenRetriesWithoutFailure() throws Exception {
    // An hour's pause on a clock the test moves: the retry waits for the clock, not for real time.
    TestClock clock = new TestClock();
    ExperimentRunner runner =
        runner(
            TestFixtures.config(fixture, "stub-rate", 1, 2, null, null),
            Map.of("STUB_RATE_LIMIT_ONCE", "T0/00/run_01", "STUB_RETRY_AFTER", "3600"),
            clock);
    CompletableFuture<ExperimentOutcome> done = CompletableFuture.supplyAsync(runner::run);
    ExperimentOutcome outcome;
    try {
      // "retry after 3600 seconds" + 10 %.
      await(
          Duration.ofSeconds(60),
          () -> running(done) && events.contains("paused 3960000"),
          "the engine paused");
      Path checkpoint = experimentDir().resolve("checkpoint.json");
      assertThat(json(checkpoint).get("status").asText()).isEqualTo("paused_rate_limit");
      assertThat(agentCalls("T0/00/run_01")).as("calls before the clock passed the reset").isOne();
      assertThat(done).isNotDone();

      clock.advance(Duration.ofSeconds(3960));
      outcome = done.get(60, TimeUnit.SECONDS);
    } finally {
      runner.requestStop();
    }

    assertThat(outcome.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(outcome.erroredRuns()).isZero();
    assertThat(agentCalls("T0/00/run_01")).isEqualTo(2);
    RunResult r =
        outcome.result().tierResults().get(TierId.T0).subtestResults().get("00").runs().get(0);
    assertThat(r.judgePassed()).isTrue();
    assertThat(r.error()).isNull();
    JsonNode cp = json(outcome.experimentDir().resolve("checkpoint.json"));
    assertThat(cp.get("pause_count").asInt()).isEqualTo(1);
    JsonNode info =
        json(outcome.experimentDir().resolve("result.json"))
            .at("/tier_results/T0/subtest_results/00/rate_limit_info");
    assertThat(info.get("source").asText()).isEqualTo("agent");
    assertThat(info.get("retry_after_seconds").asDouble()).isEqualTo(3960.0);
    assertThat(cp.get("status").asText()).isEqualTo("completed");
  }

  @Test
  void hangingAgent_isKilledAtTimeoutAndRecordedAsError() throws Exception {
    ExperimentConfig base = TestFixtures.config(fixture, "stub-hang", 1, 2, null, null);
    ExperimentConfig config =
        new ExperimentConfig(
            base.experimentId(),
            base.taskRepo(),
            base.taskCommit(),
            base.taskPromptFile(),
            base.language(),
            base.models(),
            1,
            base.tiersToRun(),
            base.judgeModels(),
            2,
            2,
            null,
            null,
            null,
            base.tiersDir(),
            null);
    ExperimentOutcome outcome = run(config, Map.of("STUB_HANG", "T0/00/run_01"));

    assertThat(outcome.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(outcome.erroredRuns()).isEqualTo(1);
    RunResult r =
        outcome.result().tierResults().get(TierId.T0).subtestResults().get("00").runs().get(0);
    assertThat(r.error()).startsWith("agent timed out");
    assertThat(r.exitCode()).isEqualTo(-1);
    for (String pidFile : List.of("hang.pid", "hang-child.pid")) {
      long pid = Long.parseLong(Files.readString(stub.state().resolve(pidFile)).trim());
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as(pidFile).isEmpty();
    }
    JsonNode agent = json(outcome.experimentDir().resolve("T0/00/run_01/agent/result.json"));
    assertThat(agent.get("timed_out").asBoolean()).isTrue();
  }

  @Test
  @Timeout(180)
  void parallelCap_isReachedAndNeverExceeded() throws Exception {
    fixture = TestFixtures.load(TestFixtures.copyExample(tmp.resolve("wide"), 4));
    ExperimentRunner runner =
        runner(
            TestFixtures.config(fixture, "stub-par", 1, 2, null, null),
            Map.of("STUB_GATE", "T0/"),
            Clock.systemUTC());
    CompletableFuture<ExperimentOutcome> done = CompletableFuture.supplyAsync(runner::run);
    ExperimentOutcome outcome;
    try {
      // Every agent waits at the stub's gate: with a cap of 2, two of them are held there at once.
      await(
          Duration.ofSeconds(90),
          () -> running(done) && activeAgents().size() >= 2,
          "two agents run at once",
          () -> "stub calls: " + callsOrEmpty());
      Files.createFile(stub.state().resolve("gate-open"));
      outcome = done.get(120, TimeUnit.SECONDS);
    } finally {
      runner.requestStop();
    }

    assertThat(outcome.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(outcome.result().tierResults().get(TierId.T0).subtestResults()).hasSize(6);
    // Each agent logged how many ran when it started: never more than the cap.
    assertThat(stub.peakConcurrency()).isEqualTo(2);
  }

  @Test
  void maxSubtests_limitsSubTestsPerTier() throws Exception {
    ExperimentOutcome outcome =
        run(TestFixtures.config(fixture, "stub-max", 1, 2, 1, null), Map.of());
    assertThat(outcome.result().tierResults().get(TierId.T0).subtestResults().keySet())
        .containsExactly("00");
  }

  @Test
  void unparseableJudge_isAFailedJudgeWithRawOutputKept() throws Exception {
    ExperimentOutcome outcome =
        run(
            TestFixtures.config(fixture, "stub-garbage", 1, 2, null, null),
            Map.of("STUB_JUDGE_GARBAGE", "T0/01/"));

    assertThat(outcome.erroredRuns()).isEqualTo(1);
    SubTestResult s01 = outcome.result().tierResults().get(TierId.T0).subtestResults().get("01");
    RunResult r = s01.runs().get(0);
    assertThat(r.judgeScore()).isNull();
    assertThat(r.judgePassed()).isFalse();
    assertThat(r.judges().get(0).valid()).isFalse();
    assertThat(r.error()).contains("unparseable judge output");
    assertThat(s01.passRate()).isEqualTo(0.0);
    assertThat(s01.medianScore()).isNull();
    Path judgeDir = outcome.experimentDir().resolve("T0/01/run_01/judge/judge_01");
    assertThat(judgeDir.resolve("response.txt")).hasContent("I cannot produce JSON today.");
    assertThat(json(judgeDir.resolve("judgment.json")).get("is_valid").asBoolean()).isFalse();
  }

  @Test
  void isErrorResult_isRecordedAsAgentFailure() throws Exception {
    ExperimentOutcome outcome =
        run(
            TestFixtures.config(fixture, "stub-error", 1, 2, null, null),
            Map.of("STUB_IS_ERROR", "T0/01/run_01"));

    assertThat(outcome.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(outcome.erroredRuns()).isEqualTo(1);
    RunResult r =
        outcome.result().tierResults().get(TierId.T0).subtestResults().get("01").runs().get(0);
    assertThat(r.error()).contains("agent failed", "the agent gave up");
    JsonNode agent = json(outcome.experimentDir().resolve("T0/01/run_01/agent/result.json"));
    assertThat(agent.get("is_error").asBoolean()).isTrue();
    assertThat(agent.get("failure_kind").asText()).isEqualTo("other");
    assertThat(agentCalls("T0/01/run_01")).isEqualTo(1);
  }

  @Test
  void serverError_isRetriedThenRecordedAsErroredWithoutJudging() throws Exception {
    ExperimentOutcome outcome =
        ExperimentRunner.builder()
            .fixture(fixture)
            .config(TestFixtures.config(fixture, "stub-500", 1, 2, null, null))
            .resultsRoot(tmp.resolve("results"))
            .python(TestFixtures.PYTHON)
            .agent(stub.adapter(Map.of("STUB_SERVER_ERROR", "T0/01/run_01")))
            .judge(stub.adapter(Map.of()))
            .infraRetries(1)
            .build()
            .run();

    assertThat(outcome.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(outcome.erroredRuns()).isEqualTo(1);
    // One call and one retry, then the run is errored: never judged, never scored.
    assertThat(agentCalls("T0/01/run_01")).isEqualTo(2);
    assertThat(stub.calls()).noneMatch(c -> c.startsWith("judge ") && c.contains("T0/01/run_01"));
    RunResult r =
        outcome.result().tierResults().get(TierId.T0).subtestResults().get("01").runs().get(0);
    assertThat(r.error()).contains("agent errored (server_error, retries used up)");
    assertThat(r.judgeScore()).isNull();
    assertThat(r.judges()).isEmpty();
    JsonNode agent = json(outcome.experimentDir().resolve("T0/01/run_01/agent/result.json"));
    assertThat(agent.get("failure_kind").asText()).isEqualTo("server_error");
    // The other sub-test is unaffected.
    RunResult ok =
        outcome.result().tierResults().get(TierId.T0).subtestResults().get("00").runs().get(0);
    assertThat(ok.error()).isNull();
    assertThat(ok.judgeScore()).isNotNull();
  }

  @Test
  void budget_stopsStartingRunsOnceSpent() throws Exception {
    ExperimentOutcome outcome =
        run(TestFixtures.config(fixture, "stub-budget", 2, 1, null, 0.05), Map.of());

    // $0.0425 per run: after two runs ($0.085) the budget of $0.05 is spent.
    assertThat(outcome.status()).isEqualTo(ExperimentStatus.BUDGET_EXHAUSTED);
    assertThat(stub.calls().stream().filter(c -> c.startsWith("agent "))).hasSize(2);
    assertThat(outcome.message()).contains("budget");
    assertThat(outcome.summaryLines()).contains("Stopped: budget exhausted");
    assertThat(events).anyMatch(e -> e.startsWith("budget "));

    // Resumed, the cost already spent still counts: no new run starts.
    ExperimentOutcome again =
        run(TestFixtures.config(fixture, "stub-budget", 2, 1, null, 0.05), Map.of());
    assertThat(again.status()).isEqualTo(ExperimentStatus.BUDGET_EXHAUSTED);
    assertThat(stub.calls().stream().filter(c -> c.startsWith("agent "))).hasSize(2);
    assertThat(again.result().totalCost()).isCloseTo(0.085, offset(1e-9));
  }

  @Test
  void resume_withDifferentConfig_refusesUnlessFresh() throws Exception {
    ExperimentOutcome first =
        run(TestFixtures.config(fixture, "stub-cfg", 1, 2, 1, null), Map.of());
    ExperimentConfig changed = TestFixtures.config(fixture, "stub-cfg", 2, 2, 1, null);
    assertThatThrownBy(() -> run(changed, Map.of()))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("different configuration")
        .hasMessageContaining("start it over in a new folder")
        .hasMessageNotContaining("--");

    ExperimentOutcome again =
        run(TestFixtures.config(fixture, "stub-cfg", 1, 2, 1, null), Map.of());
    assertThat(again.experimentDir()).isEqualTo(first.experimentDir());
    assertThat(stub.calls().stream().filter(c -> c.startsWith("agent "))).hasSize(1);

    ExperimentOutcome fresh =
        ExperimentRunner.builder()
            .fixture(fixture)
            .config(changed)
            .resultsRoot(tmp.resolve("results"))
            .python(TestFixtures.PYTHON)
            .agent(stub.adapter(Map.of()))
            .judge(stub.adapter(Map.of()))
            .fresh(true)
            .build()
            .run();
    assertThat(fresh.experimentDir()).isNotEqualTo(first.experimentDir());
    assertThat(Optional.of(fresh.status())).contains(ExperimentStatus.COMPLETED);
  }

  @Test
  @Timeout(120)
  void requestStop_killsRunningAgentAndLeavesInterruptedCheckpoint() throws Exception {
    ExperimentRunner runner =
        runner(
            TestFixtures.config(fixture, "stub-stop", 1, 2, null, null),
            Map.of("STUB_SLEEP", "60"),
            Clock.systemUTC());
    CompletableFuture<ExperimentOutcome> done = CompletableFuture.supplyAsync(runner::run);
    List<Long> agents;
    try {
      await(
          Duration.ofSeconds(60),
          () -> running(done) && activeAgents().size() >= 2,
          "both agents run");
      agents = activeAgents();
    } finally {
      runner.requestStop();
    }
    ExperimentOutcome outcome = done.get(30, TimeUnit.SECONDS);

    assertStoppedAsInterrupted(outcome, agents);
  }

  @Test
  @Timeout(120)
  void interruptingTheCallerOfRun_endsAsInterruptedAndKeepsTheFlag() throws Exception {
    ExperimentRunner runner =
        runner(
            TestFixtures.config(fixture, "stub-interrupt", 1, 2, null, null),
            Map.of("STUB_SLEEP", "60"),
            Clock.systemUTC());
    AtomicReference<ExperimentOutcome> outcome = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicBoolean flagKept = new AtomicBoolean();
    Thread caller =
        new Thread(
            () -> {
              try {
                outcome.set(runner.run());
              } catch (Throwable t) {
                failure.set(t);
              }
              flagKept.set(Thread.currentThread().isInterrupted());
            },
            "experiment-caller");
    caller.start();
    List<Long> agents;
    try {
      await(
          Duration.ofSeconds(60),
          () -> {
            assertThat(failure.get()).as("run() failed before the agents ran").isNull();
            assertThat(caller.isAlive()).as("run() still running").isTrue();
            return activeAgents().size() >= 2;
          },
          "both agents run");
      agents = activeAgents();
    } finally {
      caller.interrupt();
    }
    caller.join(Duration.ofSeconds(30).toMillis());

    assertThat(caller.isAlive()).as("run() returned after the interrupt").isFalse();
    assertThat(failure.get()).as("run() of an interrupted caller").isNull();
    assertThat(flagKept).as("interrupt flag kept").isTrue();
    assertStoppedAsInterrupted(outcome.get(), agents);
  }

  private void assertStoppedAsInterrupted(ExperimentOutcome outcome, List<Long> agents)
      throws IOException {
    assertThat(outcome.status()).isEqualTo(ExperimentStatus.INTERRUPTED);
    assertThat(json(outcome.experimentDir().resolve("checkpoint.json")).get("status").asText())
        .isEqualTo("interrupted");
    assertThat(
            json(outcome.experimentDir().resolve("checkpoint.json"))
                .at("/completed_runs/T0")
                .size())
        .isZero();
    for (long pid : agents) {
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
          .as("agent %d", pid)
          .isEmpty();
    }
    assertThat(outcome.summaryLines()).contains("Stopped: interrupted");
  }

  /** True while the experiment runs; fails the test at once when it ended early. */
  private static boolean running(CompletableFuture<ExperimentOutcome> done) {
    if (done.isDone()) {
      try {
        throw new AssertionError("the experiment ended early: " + done.join().status());
      } catch (CompletionException e) {
        throw new AssertionError("the experiment failed early: " + e.getCause(), e.getCause());
      }
    }
    return true;
  }

  private Path experimentDir() throws IOException {
    try (Stream<Path> s = Files.list(tmp.resolve("results"))) {
      return s.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  private String callsOrEmpty() {
    try {
      return String.join(", ", stub.calls());
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Test
  void judgeLoginFailure_resumeReusesTheFinishedAgent() throws Exception {
    ExperimentConfig config = TestFixtures.config(fixture, "stub-judge-auth", 1, 1, 1, null);
    ExperimentOutcome first = run(config, Map.of("STUB_JUDGE_AUTH_FAIL", "T0/00/run_01"));

    assertThat(first.status()).isEqualTo(ExperimentStatus.AUTH_FAILED);
    assertThat(first.message()).contains("judge");
    JsonNode cp = json(first.experimentDir().resolve("checkpoint.json"));
    assertThat(cp.at("/completed_runs/T0/00/1").asText()).isEqualTo("agent_complete");

    ExperimentOutcome resumed = run(config, Map.of());
    assertThat(resumed.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(agentCalls("T0/00/run_01")).isEqualTo(1);
    assertThat(
            stub.calls().stream().filter(c -> c.startsWith("judge ") && c.contains("T0/00/run_01")))
        .hasSize(2);
    RunResult r =
        resumed.result().tierResults().get(TierId.T0).subtestResults().get("00").runs().get(0);
    assertThat(r.costUsd()).isEqualTo(0.0425);
    assertThat(r.judgeScore()).isEqualTo(0.85);
  }
}
