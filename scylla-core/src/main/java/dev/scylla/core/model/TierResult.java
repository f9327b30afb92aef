package dev.scylla.core.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.scylla.core.internal.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sub-tests of one tier and the choice of its best, written to {@code T<n>/result.json}.
 *
 * @param tierId the tier
 * @param subtestResults sub-test id to result, in run order
 * @param bestSubtest id of the best sub-test, null when the tier has no scored sub-test
 * @param bestSubtestScore median score of the best sub-test, null when none
 * @param inheritedFrom sub-tests this tier's baseline came from, as {@code "T0/03"}; empty if none
 * @param tiebreakerNeeded whether the best was chosen by the total-token tie-break
 * @param totalCost agent cost of every run of the tier, null when any is unknown
 * @param totalDuration seconds of every run of the tier
 * @param costOfPass mean cost / pass rate of the best sub-test, null when undefined
 * @param tokenStats summed agent tokens
 * @param totalJudgeCost cost of all judge calls, null when any is unknown
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TierResult(
    TierId tierId,
    Map<String, SubTestResult> subtestResults,
    String bestSubtest,
    Double bestSubtestScore,
    List<String> inheritedFrom,
    boolean tiebreakerNeeded,
    Double totalCost,
    double totalDuration,
    Double costOfPass,
    TokenStats tokenStats,
    Double totalJudgeCost) {

  /** Validates the fields. */
  public TierResult {
    Checks.notNull(tierId, "tier_id");
    subtestResults =
        subtestResults == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(subtestResults));
    if (bestSubtest != null && !subtestResults.containsKey(bestSubtest)) {
      throw new IllegalArgumentException(
          "best_subtest '" + bestSubtest + "' is not one of " + subtestResults.keySet());
    }
    Checks.optionalUnit(bestSubtestScore, "best_subtest_score");
    inheritedFrom = inheritedFrom == null ? List.of() : List.copyOf(inheritedFrom);
    Checks.optionalFiniteNonNegative(totalCost, "total_cost");
    Checks.finiteNonNegative(totalDuration, "total_duration");
    Checks.optionalFiniteNonNegative(costOfPass, "cost_of_pass");
    tokenStats = tokenStats == null ? TokenStats.ZERO : tokenStats;
    Checks.optionalFiniteNonNegative(totalJudgeCost, "total_judge_cost");
  }

  /** The best sub-test's result, or null when there is none. */
  public SubTestResult best() {
    return bestSubtest == null ? null : subtestResults.get(bestSubtest);
  }
}
