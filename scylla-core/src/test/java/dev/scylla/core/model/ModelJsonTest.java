package dev.scylla.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.scylla.core.internal.ScyllaJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelJsonTest {
  private final ObjectMapper mapper = ScyllaJson.mapper();

  static ExperimentConfig config() {
    return new ExperimentConfig(
        "test-001",
        "https://github.com/mvillmow/Hello-World",
        "7fd1a60b01f91b314f59955a4e4d4e80d8edf11d",
        "/fixtures/test-001/prompt.md",
        "python",
        List.of("claude-sonnet-4-5"),
        2,
        List.of(TierId.T0, TierId.T1),
        List.of("claude-opus-4-5"),
        4,
        300,
        null,
        1,
        5.0,
        "/fixtures/test-001",
        null);
  }

  static RunResult run(int n, double score, boolean passed) {
    JudgeResult judge =
        new JudgeResult(
            "claude-opus-4-5",
            score,
            passed,
            Grade.B,
            "fine",
            1,
            Map.of("functional", new CriterionScore(0.9, "works")),
            true,
            null,
            0.01,
            new TokenStats(10, 5, 0, 0),
            3.5);
    return new RunResult(
        n,
        0,
        new TokenStats(100, 50, 20, 30),
        0.0123,
        12.5,
        9.0,
        3.5,
        score,
        passed,
        Grade.B,
        "fine",
        List.of(judge, JudgeResult.invalid("claude-haiku-4-5", 2, "unparseable", null, null, 1.0)),
        "/results/x/T0/00/run_01/workspace",
        "/results/x/T0/00/run_01/agent",
        "/results/x/T0/00/run_01/agent/replay.sh",
        Map.of("functional", new CriterionScore(0.9, "works")),
        null,
        null);
  }

  static ExperimentResult experiment() {
    SubTestResult sub =
        new SubTestResult(
            "00",
            TierId.T0,
            List.of(run(1, 0.7, true)),
            1.0,
            0.7,
            0.7,
            0.0,
            0.0123,
            0.0123,
            new TokenStats(100, 50, 20, 30),
            1.0,
            Map.of(Grade.B, 1),
            Grade.B,
            Grade.B,
            Grade.B,
            true,
            "highest median score",
            new RateLimitInfo("agent", 60.0, "429", Instant.parse("2026-11-27T10:00:00Z")),
            null);
    TierResult tier =
        new TierResult(
            TierId.T0,
            Map.of("00", sub),
            "00",
            0.7,
            List.of(),
            false,
            0.0123,
            12.5,
            0.0123,
            new TokenStats(100, 50, 20, 30),
            null);
    return new ExperimentResult(
        config(),
        Map.of(TierId.T0, tier),
        TierId.T0,
        "00",
        0.0123,
        TierId.T0,
        0.0123,
        20.0,
        new TokenStats(100, 50, 20, 30),
        Instant.parse("2026-11-27T10:00:00Z"),
        Instant.parse("2026-11-27T10:00:20.5Z"),
        0.01,
        new Provenance("0.1.0", "sha256:abc", "hash", "2.1.332", List.of("m"), List.of("j")),
        null);
  }

  @Test
  void experimentResult_roundTripsEqual() throws Exception {
    ExperimentResult result = experiment();
    String json = mapper.writeValueAsString(result);
    assertThat(mapper.readValue(json, ExperimentResult.class)).isEqualTo(result);
  }

  @Test
  void runResult_usesProjectScyllaKeyNames() throws Exception {
    JsonNode node = mapper.readTree(mapper.writeValueAsString(run(1, 0.7, true)));
    assertThat(fieldNames(node))
        .contains(
            "run_number",
            "exit_code",
            "token_stats",
            "tokens_input",
            "tokens_output",
            "cost_usd",
            "duration_seconds",
            "agent_duration_seconds",
            "judge_duration_seconds",
            "judge_score",
            "judge_passed",
            "judge_grade",
            "judge_reasoning",
            "judges",
            "workspace_path",
            "logs_path",
            "command_log_path",
            "criteria_scores");
    assertThat(node.get("tokens_input").asLong()).isEqualTo(130);
    assertThat(fieldNames(node.get("token_stats")))
        .containsExactlyInAnyOrder(
            "input_tokens", "output_tokens", "cache_creation_tokens", "cache_read_tokens");
    assertThat(fieldNames(node.get("judges").get(0)))
        .contains("model", "score", "passed", "grade", "reasoning", "judge_number", "is_valid");
  }

  @Test
  void runResult_carriesTheBaselineSummaryAsProjectScyllaMainWritesIt() throws Exception {
    RunResult plain = run(1, 0.7, true);
    RunResult withBaseline =
        new RunResult(
            plain.runNumber(),
            plain.exitCode(),
            plain.tokenStats(),
            plain.costUsd(),
            plain.durationSeconds(),
            plain.agentDurationSeconds(),
            plain.judgeDurationSeconds(),
            plain.judgeScore(),
            plain.judgePassed(),
            plain.judgeGrade(),
            plain.judgeReasoning(),
            plain.judges(),
            plain.workspacePath(),
            plain.logsPath(),
            plain.commandLogPath(),
            plain.criteriaScores(),
            plain.judgeCostUsd(),
            plain.error(),
            new PipelineSummary(false, true, true, false));

    JsonNode node = mapper.readTree(mapper.writeValueAsString(withBaseline));

    // stage_finalization.py of ProjectScylla main: exactly these four keys.
    assertThat(fieldNames(node.get("baseline_pipeline_summary")))
        .containsExactlyInAnyOrder("all_passed", "build_passed", "format_passed", "test_passed");
    assertThat(node.at("/baseline_pipeline_summary/test_passed").asBoolean()).isFalse();
    assertThat(node.at("/baseline_pipeline_summary/build_passed").asBoolean()).isTrue();
    assertThat(mapper.readValue(mapper.writeValueAsString(withBaseline), RunResult.class))
        .isEqualTo(withBaseline);
    // A run of an experiment without the checks (and every older run_result.json): null.
    assertThat(
            mapper
                .readTree(mapper.writeValueAsString(plain))
                .get("baseline_pipeline_summary")
                .isNull())
        .isTrue();
  }

  @Test
  void records_keepSnakeCaseKeysEvenWithAPlainMapper() throws Exception {
    ObjectMapper plain = JsonMapper.builder().findAndAddModules().build();
    JsonNode node = plain.readTree(plain.writeValueAsString(config()));
    assertThat(fieldNames(node))
        .containsExactly(
            "experiment_id",
            "task_repo",
            "task_commit",
            "task_prompt_file",
            "language",
            "models",
            "runs_per_subtest",
            "tiers_to_run",
            "judge_models",
            "parallel_subtests",
            "timeout_seconds",
            "max_turns",
            "max_subtests",
            "max_cost_usd",
            "tiers_dir",
            "shared_dir",
            "thinking_mode");
  }

  @Test
  void experimentResult_writesTierKeysAndIsoTimestamps() throws Exception {
    JsonNode node = mapper.readTree(mapper.writeValueAsString(experiment()));
    assertThat(node.get("tier_results").has("T0")).isTrue();
    assertThat(node.get("started_at").asText()).isEqualTo("2026-11-27T10:00:00Z");
    assertThat(fieldNames(node))
        .contains(
            "config",
            "tier_results",
            "best_overall_tier",
            "best_overall_subtest",
            "frontier_cop",
            "frontier_cop_tier",
            "total_cost",
            "total_duration_seconds",
            "token_stats",
            "started_at",
            "completed_at",
            "provenance");
    JsonNode sub = node.get("tier_results").get("T0").get("subtest_results").get("00");
    assertThat(sub.get("grade_distribution").get("B").asInt()).isEqualTo(1);
    assertThat(fieldNames(sub.get("rate_limit_info")))
        .containsExactly("source", "retry_after_seconds", "error_message", "detected_at");
  }

  @Test
  void agentResult_writesIsErrorKey() throws Exception {
    AgentResult agent =
        new AgentResult(0, TokenStats.ZERO, null, 1.0, "ok", true, "success", null, null, 3, false);
    JsonNode node = mapper.readTree(mapper.writeValueAsString(agent));
    assertThat(node.get("is_error").asBoolean()).isTrue();
    assertThat(node.get("cost_usd").isNull()).isTrue();
    assertThat(mapper.readValue(mapper.writeValueAsString(agent), AgentResult.class))
        .isEqualTo(agent);
    assertThat(agent.succeeded()).isFalse();
  }

  @Test
  void records_rejectNaNAndNameTheField() {
    assertThatThrownBy(() -> new TokenStats(-1, 0, 0, 0)).hasMessageContaining("input_tokens");
    assertThatThrownBy(
            () ->
                new AgentResult(
                    0, null, Double.NaN, 1.0, "", false, "success", null, null, null, false))
        .hasMessageContaining("cost_usd")
        .hasMessageContaining("NaN");
  }

  @Test
  void grade_ordersFailingBelowS() {
    assertThat(Grade.F).isLessThan(Grade.D);
    assertThat(Grade.A).isLessThan(Grade.S);
    assertThat(Grade.parse("b")).isEqualTo(Grade.B);
  }

  @Test
  void tierId_knowsDependencies() {
    assertThat(TierId.T5.dependencies())
        .containsExactly(TierId.T0, TierId.T1, TierId.T2, TierId.T3, TierId.T4);
    assertThat(TierId.T6.dependencies()).containsExactly(TierId.T5);
    assertThat(TierId.T0.dependencies()).isEmpty();
    assertThat(TierId.parse("t3")).isEqualTo(TierId.T3);
    assertThat(TierId.T3.displayName()).isEqualTo("Delegation");
    assertThatThrownBy(() -> TierId.parse("T7")).hasMessageContaining("T7");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
