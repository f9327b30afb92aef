package dev.scylla.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.scylla.core.internal.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One judge's verdict on one run. A judge whose answer could not be used is kept with {@code valid
 * = false}, no score and the {@code error}; it is never given an invented score.
 *
 * @param model the judge model id
 * @param score the score in [0, 1], null when the judge gave no valid verdict
 * @param passed whether this judge passed the run (false when not valid)
 * @param grade the grade of the score, null when not valid
 * @param reasoning the judge's reasoning (may be empty)
 * @param judgeNumber 1-based position of this judge among the run's judges
 * @param criteriaScores per-category or per-criterion scores, in the judge's order
 * @param valid whether the judge returned a usable verdict
 * @param error why the verdict is not valid, null when it is
 * @param costUsd cost of the judge call, null when unknown
 * @param tokenStats tokens of the judge call
 * @param durationSeconds wall-clock duration of the judge call
 * @param passedFromScore whether the judge gave no {@code passed} and it was taken from score &gt;=
 *     pass threshold
 * @param contradictsScore whether the judge's own {@code passed} disagrees with its score and the
 *     rubric's pass threshold (the verdict stands; the disagreement is recorded and counted)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JudgeResult(
    String model,
    Double score,
    boolean passed,
    Grade grade,
    String reasoning,
    int judgeNumber,
    Map<String, CriterionScore> criteriaScores,
    @JsonProperty("is_valid") boolean valid,
    String error,
    Double costUsd,
    TokenStats tokenStats,
    double durationSeconds,
    boolean passedFromScore,
    boolean contradictsScore) {

  /** A verdict whose {@code passed} is the judge's own and agrees with its score. */
  public JudgeResult(
      String model,
      Double score,
      boolean passed,
      Grade grade,
      String reasoning,
      int judgeNumber,
      Map<String, CriterionScore> criteriaScores,
      boolean valid,
      String error,
      Double costUsd,
      TokenStats tokenStats,
      double durationSeconds) {
    this(
        model,
        score,
        passed,
        grade,
        reasoning,
        judgeNumber,
        criteriaScores,
        valid,
        error,
        costUsd,
        tokenStats,
        durationSeconds,
        false,
        false);
  }

  /** Validates the fields and that a valid verdict has a score and an invalid one has an error. */
  public JudgeResult {
    Checks.notBlank(model, "model");
    Checks.optionalUnit(score, "score");
    if (judgeNumber < 1) {
      throw new IllegalArgumentException("judge_number must be >= 1, got " + judgeNumber);
    }
    reasoning = reasoning == null ? "" : reasoning;
    criteriaScores =
        criteriaScores == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(criteriaScores));
    if (valid && (score == null || grade == null)) {
      throw new IllegalArgumentException("a valid judge result needs a score and a grade");
    }
    if (!valid && (error == null || error.isBlank())) {
      throw new IllegalArgumentException("an invalid judge result needs an error saying why");
    }
    if (!valid && passed) {
      throw new IllegalArgumentException("an invalid judge result cannot pass");
    }
    Checks.optionalFiniteNonNegative(costUsd, "cost_usd");
    tokenStats = tokenStats == null ? TokenStats.ZERO : tokenStats;
    Checks.finiteNonNegative(durationSeconds, "duration_seconds");
    if (!valid && (passedFromScore || contradictsScore)) {
      throw new IllegalArgumentException("an invalid judge result has no verdict to qualify");
    }
  }

  /** A judge whose answer could not be used: no score, not passed, with the reason. */
  public static JudgeResult invalid(
      String model,
      int judgeNumber,
      String error,
      Double costUsd,
      TokenStats tokenStats,
      double durationSeconds) {
    return new JudgeResult(
        model,
        null,
        false,
        null,
        "",
        judgeNumber,
        Map.of(),
        false,
        error,
        costUsd,
        tokenStats,
        durationSeconds);
  }
}
