package dev.scylla.core.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.scylla.core.internal.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of one sub-test: the agent call and its judgement, written to {@code run_result.json}.
 *
 * <p>The judge fields hold the multi-judge consensus. When no judge returned a valid verdict,
 * {@code judge_score} and {@code judge_grade} are null, {@code judge_passed} is false and {@code
 * judge_reasoning} says so.
 *
 * @param runNumber 1-based run number within the sub-test
 * @param exitCode the agent's exit code
 * @param tokenStats the agent's tokens
 * @param costUsd the agent's cost (judges excluded), null when unknown
 * @param durationSeconds agent plus judge time
 * @param agentDurationSeconds agent time
 * @param judgeDurationSeconds time of all judges
 * @param judgeScore consensus score in [0, 1], null when no judge gave a valid verdict
 * @param judgePassed consensus pass
 * @param judgeGrade grade of the consensus score, null when there is none
 * @param judgeReasoning reasoning of the consensus (the judges' reasoning, or why there is none)
 * @param judges every judge's verdict, valid or not
 * @param workspacePath absolute path of the run's workspace
 * @param logsPath absolute path of the run's agent log folder
 * @param commandLogPath absolute path of the replayable command (replay.sh), or null
 * @param criteriaScores the consensus per-criterion scores (of the first valid judge)
 * @param judgeCostUsd cost of all judge calls of the run, null when any is unknown
 * @param error why the run errored (agent crashed or timed out, every judge failed), or null
 * @param baselinePipelineSummary the automatic checks on the clean task commit before any agent
 *     (ProjectScylla's {@code baseline_pipeline_summary}), or null when the experiment has none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(
    value = {"tokens_input", "tokens_output"},
    allowGetters = true)
public record RunResult(
    int runNumber,
    int exitCode,
    TokenStats tokenStats,
    Double costUsd,
    double durationSeconds,
    double agentDurationSeconds,
    double judgeDurationSeconds,
    Double judgeScore,
    boolean judgePassed,
    Grade judgeGrade,
    String judgeReasoning,
    List<JudgeResult> judges,
    String workspacePath,
    String logsPath,
    String commandLogPath,
    Map<String, CriterionScore> criteriaScores,
    Double judgeCostUsd,
    String error,
    PipelineSummary baselinePipelineSummary) {

  /** Validates the fields. */
  public RunResult {
    if (runNumber < 1) {
      throw new IllegalArgumentException("run_number must be >= 1, got " + runNumber);
    }
    tokenStats = tokenStats == null ? TokenStats.ZERO : tokenStats;
    Checks.optionalFiniteNonNegative(costUsd, "cost_usd");
    Checks.finiteNonNegative(durationSeconds, "duration_seconds");
    Checks.finiteNonNegative(agentDurationSeconds, "agent_duration_seconds");
    Checks.finiteNonNegative(judgeDurationSeconds, "judge_duration_seconds");
    Checks.optionalUnit(judgeScore, "judge_score");
    if (judgeScore == null && judgePassed) {
      throw new IllegalArgumentException("judge_passed cannot be true without a judge_score");
    }
    judgeReasoning = judgeReasoning == null ? "" : judgeReasoning;
    judges = judges == null ? List.of() : List.copyOf(judges);
    criteriaScores =
        criteriaScores == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(criteriaScores));
    Checks.optionalFiniteNonNegative(judgeCostUsd, "judge_cost_usd");
  }

  /** A run without a summary of the checks before the agent. */
  public RunResult(
      int runNumber,
      int exitCode,
      TokenStats tokenStats,
      Double costUsd,
      double durationSeconds,
      double agentDurationSeconds,
      double judgeDurationSeconds,
      Double judgeScore,
      boolean judgePassed,
      Grade judgeGrade,
      String judgeReasoning,
      List<JudgeResult> judges,
      String workspacePath,
      String logsPath,
      String commandLogPath,
      Map<String, CriterionScore> criteriaScores,
      Double judgeCostUsd,
      String error) {
    this(
        runNumber,
        exitCode,
        tokenStats,
        costUsd,
        durationSeconds,
        agentDurationSeconds,
        judgeDurationSeconds,
        judgeScore,
        judgePassed,
        judgeGrade,
        judgeReasoning,
        judges,
        workspacePath,
        logsPath,
        commandLogPath,
        criteriaScores,
        judgeCostUsd,
        error,
        null);
  }

  /** Legacy duplicate ProjectScylla writes: input + cache-read tokens. */
  @JsonProperty("tokens_input")
  public long tokensInput() {
    return tokenStats.inputTokens() + tokenStats.cacheReadTokens();
  }

  /** Legacy duplicate ProjectScylla writes: output tokens. */
  @JsonProperty("tokens_output")
  public long tokensOutput() {
    return tokenStats.outputTokens();
  }

  /** Whether the run has a consensus score. */
  public boolean scored() {
    return judgeScore != null;
  }
}
