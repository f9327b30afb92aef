package dev.scylla.core.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.scylla.core.internal.Checks;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The runs of one sub-test and their statistics (computed by {@code
 * dev.scylla.core.internal.metrics.Metrics#summarize}).
 *
 * @param subtestId the sub-test id, e.g. {@code "03"}
 * @param tierId its tier
 * @param runs the runs, by run number
 * @param passRate passed runs / all runs (0 when there are none)
 * @param meanScore mean of the scored runs, null when none is scored
 * @param medianScore median of the scored runs, null when none is scored
 * @param stdDevScore sample standard deviation of the scored runs (0 for one), null when none
 * @param meanCost mean agent cost per run, null when any run's cost is unknown or there are none
 * @param totalCost total agent cost, null when any run's cost is unknown
 * @param tokenStats summed agent tokens
 * @param consistency max(0, 1 - std/mean), 0 when the mean is 0, null when none is scored
 * @param gradeDistribution runs per grade (graded runs only)
 * @param modalGrade the most frequent grade (ties: the better grade), null when none
 * @param minGrade the worst grade, null when none
 * @param maxGrade the best grade, null when none
 * @param selectedAsBest whether this sub-test was chosen as its tier's best
 * @param selectionReason why it was (or was not) chosen, or null
 * @param rateLimitInfo the last rate limit met, or null
 * @param totalJudgeCost cost of all judge calls, null when any is unknown
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SubTestResult(
    String subtestId,
    TierId tierId,
    List<RunResult> runs,
    double passRate,
    Double meanScore,
    Double medianScore,
    Double stdDevScore,
    Double meanCost,
    Double totalCost,
    TokenStats tokenStats,
    Double consistency,
    Map<Grade, Integer> gradeDistribution,
    Grade modalGrade,
    Grade minGrade,
    Grade maxGrade,
    boolean selectedAsBest,
    String selectionReason,
    RateLimitInfo rateLimitInfo,
    Double totalJudgeCost) {

  /** Validates the fields. */
  public SubTestResult {
    Checks.notBlank(subtestId, "subtest_id");
    Checks.notNull(tierId, "tier_id");
    runs = runs == null ? List.of() : List.copyOf(runs);
    Checks.unit(passRate, "pass_rate");
    Checks.optionalUnit(meanScore, "mean_score");
    Checks.optionalUnit(medianScore, "median_score");
    Checks.optionalFiniteNonNegative(stdDevScore, "std_dev_score");
    Checks.optionalFiniteNonNegative(meanCost, "mean_cost");
    Checks.optionalFiniteNonNegative(totalCost, "total_cost");
    tokenStats = tokenStats == null ? TokenStats.ZERO : tokenStats;
    Checks.optionalUnit(consistency, "consistency");
    EnumMap<Grade, Integer> grades = new EnumMap<>(Grade.class);
    if (gradeDistribution != null) {
      grades.putAll(gradeDistribution);
    }
    gradeDistribution = Collections.unmodifiableMap(grades);
    Checks.optionalFiniteNonNegative(totalJudgeCost, "total_judge_cost");
  }

  /** A copy marked as (not) the tier's best, with the reason. */
  public SubTestResult withSelection(boolean best, String reason) {
    return new SubTestResult(
        subtestId,
        tierId,
        runs,
        passRate,
        meanScore,
        medianScore,
        stdDevScore,
        meanCost,
        totalCost,
        tokenStats,
        consistency,
        gradeDistribution,
        modalGrade,
        minGrade,
        maxGrade,
        best,
        reason,
        rateLimitInfo,
        totalJudgeCost);
  }

  /** Total duration of the runs in seconds. */
  public double totalDurationSeconds() {
    return runs.stream().mapToDouble(RunResult::durationSeconds).sum();
  }
}
