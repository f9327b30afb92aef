package dev.scylla.core.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.internal.results.ConfigHash;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.TierId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-11-27T10:01:00Z");

  @TempDir Path dir;

  @Test
  void checkpoint_roundTripsWithProjectScyllaShape() throws Exception {
    Checkpoint cp =
        Checkpoint.start("test-001", dir, "0123456789abcdef", T0, 4242)
            .withRun(TierId.T0, "00", 1, RunState.PASSED, T1)
            .withRun(TierId.T0, "00", 2, RunState.FAILED, T1)
            .withRun(TierId.T0, "01", 1, RunState.AGENT_COMPLETE, T1)
            .pausedForRateLimit("agent", Instant.parse("2026-11-27T16:00:00Z"), T1);
    Path file = dir.resolve("checkpoint.json");

    cp.write(file);

    assertThat(Checkpoint.read(file)).isEqualTo(cp);
    JsonNode node = ScyllaJson.mapper().readTree(file.toFile());
    assertThat(node.get("version").asText()).isEqualTo("2.0");
    assertThat(node.at("/completed_runs/T0/00/1").asText()).isEqualTo("passed");
    assertThat(node.at("/completed_runs/T0/00/2").asText()).isEqualTo("failed");
    assertThat(node.at("/completed_runs/T0/01/1").asText()).isEqualTo("agent_complete");
    assertThat(node.get("status").asText()).isEqualTo("paused_rate_limit");
    assertThat(node.get("rate_limit_until").asText()).isEqualTo("2026-11-27T16:00:00Z");
    assertThat(node.get("pause_count").asInt()).isEqualTo(1);
    assertThat(node.get("pid").asLong()).isEqualTo(4242);
    assertThat(node.get("experiment_dir").asText()).isEqualTo(dir.toString());
    assertThat(Files.readString(file)).contains("\"last_updated_at\" : \"2026-11-27T10:01:00Z\"");
  }

  @Test
  void checkpoint_tellsWhichRunsAreFinished() {
    Checkpoint cp =
        Checkpoint.start("e", dir, "0123456789abcdef", T0, 1)
            .withRun(TierId.T0, "00", 1, RunState.PASSED, T1)
            .withRun(TierId.T0, "00", 2, RunState.AGENT_COMPLETE, T1);
    assertThat(cp.isFinished(TierId.T0, "00", 1)).isTrue();
    assertThat(cp.isFinished(TierId.T0, "00", 2)).isFalse();
    assertThat(cp.runState(TierId.T0, "00", 2)).contains(RunState.AGENT_COMPLETE);
    assertThat(cp.isFinished(TierId.T1, "00", 1)).isFalse();
    assertThat(cp.finishedRunCount()).isEqualTo(1);
    Checkpoint resumed = cp.withRun(TierId.T0, "00", 2, RunState.FAILED, T1);
    assertThat(resumed.finishedRunCount()).isEqualTo(2);
    assertThat(cp.finishedRunCount()).as("the original is unchanged").isEqualTo(1);
  }

  @Test
  void withStatus_leavingAPause_clearsTheRateLimit() {
    Checkpoint paused =
        Checkpoint.start("e", dir, "0123456789abcdef", T0, 1).pausedForRateLimit("judge", T1, T0);
    Checkpoint running = paused.withStatus(CheckpointStatus.RUNNING, T1);
    assertThat(running.rateLimitUntil()).isNull();
    assertThat(running.rateLimitSource()).isNull();
    assertThat(running.pauseCount()).isEqualTo(1);
    assertThat(running.withStatus(CheckpointStatus.INTERRUPTED, T1).status())
        .isEqualTo(CheckpointStatus.INTERRUPTED);
  }

  @Test
  void read_otherVersion_isRefusedNamingIt() throws Exception {
    Path file = dir.resolve("checkpoint.json");
    Checkpoint.start("e", dir, "0123456789abcdef", T0, 1).write(file);
    Files.writeString(file, Files.readString(file).replace("\"2.0\"", "\"1.0\""));
    assertThatThrownBy(() -> Checkpoint.read(file))
        .isInstanceOf(ResultFileException.class)
        .hasMessageContaining("checkpoint version must be 2.0, got '1.0'");
  }

  @Test
  void configHash_isTheSha256PrefixOfTheCanonicalJson() {
    ExperimentConfig config = ResultFilesTest.config();
    assertThat(ConfigHash.canonicalJson(config))
        .isEqualTo(
            "{\"experiment_id\":\"test-001\",\"judge_models\":[\"claude-opus-4-5\"],"
                + "\"language\":\"python\",\"max_cost_usd\":5.0,\"max_turns\":25,"
                + "\"models\":[\"claude-sonnet-4-5\"],\"runs_per_subtest\":3,"
                + "\"shared_dir\":\"/fixtures/shared\","
                + "\"task_commit\":\"7fd1a60b01f91b314f59955a4e4d4e80d8edf11d\","
                + "\"task_prompt_file\":\"/fixtures/test-001/prompt.md\","
                + "\"task_repo\":\"https://github.com/mvillmow/Hello-World\","
                + "\"tiers_dir\":\"/fixtures/test-001\",\"tiers_to_run\":[\"T0\",\"T1\"],"
                + "\"timeout_seconds\":300}");
    // sha256 of the string above, computed independently (python3 hashlib)
    assertThat(ConfigHash.of(config)).isEqualTo("f83dd70095bf983c");
  }

  @Test
  void configHash_ignoresParallelismAndMaxSubtestsOnly() {
    ExperimentConfig c = ResultFilesTest.config();
    ExperimentConfig otherParallel =
        new ExperimentConfig(
            c.experimentId(),
            c.taskRepo(),
            c.taskCommit(),
            c.taskPromptFile(),
            c.language(),
            c.models(),
            c.runsPerSubtest(),
            c.tiersToRun(),
            c.judgeModels(),
            1,
            c.timeoutSeconds(),
            c.maxTurns(),
            9,
            c.maxCostUsd(),
            c.tiersDir(),
            c.sharedDir());
    ExperimentConfig otherRuns =
        new ExperimentConfig(
            c.experimentId(),
            c.taskRepo(),
            c.taskCommit(),
            c.taskPromptFile(),
            c.language(),
            c.models(),
            4,
            c.tiersToRun(),
            c.judgeModels(),
            c.parallelSubtests(),
            c.timeoutSeconds(),
            c.maxTurns(),
            c.maxSubtests(),
            c.maxCostUsd(),
            c.tiersDir(),
            c.sharedDir());
    ExperimentConfig otherTiers =
        new ExperimentConfig(
            c.experimentId(),
            c.taskRepo(),
            c.taskCommit(),
            c.taskPromptFile(),
            c.language(),
            c.models(),
            c.runsPerSubtest(),
            List.of(TierId.T1, TierId.T0),
            c.judgeModels(),
            c.parallelSubtests(),
            c.timeoutSeconds(),
            c.maxTurns(),
            c.maxSubtests(),
            c.maxCostUsd(),
            c.tiersDir(),
            c.sharedDir());
    assertThat(ConfigHash.of(otherParallel)).isEqualTo(ConfigHash.of(c));
    assertThat(ConfigHash.of(otherRuns)).isNotEqualTo(ConfigHash.of(c));
    assertThat(ConfigHash.of(otherTiers)).isNotEqualTo(ConfigHash.of(c));
    assertThat(ConfigHash.of(c)).matches("[0-9a-f]{16}");
  }

  @Test
  void erroredRuns_keepTheirKind_untilTheRunIsRecordedAgain() throws Exception {
    Checkpoint cp =
        Checkpoint.start("e", dir, "0123456789abcdef", T0, 1)
            .withErroredRun(TierId.T0, "00", 1, "connection", T1)
            .withErroredRun(TierId.T0, "01", 1, "judge", T1)
            .withRun(TierId.T0, "00", 2, RunState.AGENT_COMPLETE, T1);
    Path file = dir.resolve("checkpoint.json");
    cp.write(file);

    Checkpoint read = Checkpoint.read(file);
    assertThat(read).isEqualTo(cp);
    assertThat(read.runState(TierId.T0, "00", 1)).contains(RunState.ERRORED);
    assertThat(read.errorKind(TierId.T0, "00", 1)).contains("connection");
    assertThat(read.isFinished(TierId.T0, "00", 1)).isFalse();
    assertThat(read.runsIn(RunState.AGENT_COMPLETE)).isEqualTo(1);
    JsonNode node = ScyllaJson.mapper().readTree(file.toFile());
    assertThat(node.at("/completed_runs/T0/00/1").asText()).isEqualTo("errored");
    assertThat(node.at("/run_errors/T0~100~11").asText()).isEqualTo("connection");

    Checkpoint scored = read.withRun(TierId.T0, "00", 1, RunState.PASSED, T1);
    assertThat(scored.errorKind(TierId.T0, "00", 1)).isEmpty();
    assertThat(scored.errorKind(TierId.T0, "01", 1)).contains("judge");
  }

  @Test
  void pausedForOutage_recordsSince_andRunningAgainClearsIt() {
    Checkpoint paused =
        Checkpoint.start("e", dir, "0123456789abcdef", T0, 1).pausedForOutage(T0, T1);
    assertThat(paused.status()).isEqualTo(CheckpointStatus.PAUSED_API_UNREACHABLE);
    assertThat(paused.apiUnreachableSince()).isEqualTo(T0);
    assertThat(paused.pauseCount()).isEqualTo(1);
    assertThat(paused.withStatus(CheckpointStatus.RUNNING, T1).apiUnreachableSince()).isNull();
  }

  @Test
  void read_aCheckpointWrittenBeforeRunErrorsExisted_stillLoads() throws Exception {
    Path file = dir.resolve("checkpoint.json");
    Files.writeString(
        file,
        """
        {
          "version" : "2.0",
          "experiment_id" : "test-001",
          "experiment_dir" : "/results/20261127T100000Z-test-001",
          "config_hash" : "0123456789abcdef",
          "completed_runs" : { "T0" : { "00" : { "1" : "passed", "2" : "agent_complete" } } },
          "started_at" : "2026-11-27T10:00:00Z",
          "last_updated_at" : "2026-11-27T10:01:00Z",
          "status" : "interrupted",
          "rate_limit_source" : null,
          "rate_limit_until" : null,
          "pause_count" : 0,
          "pid" : 4242
        }
        """);

    Checkpoint cp = Checkpoint.read(file);

    assertThat(cp.runState(TierId.T0, "00", 1)).contains(RunState.PASSED);
    assertThat(cp.runState(TierId.T0, "00", 2)).contains(RunState.AGENT_COMPLETE);
    assertThat(cp.runErrors()).isEmpty();
    assertThat(cp.apiUnreachableSince()).isNull();
  }
}
