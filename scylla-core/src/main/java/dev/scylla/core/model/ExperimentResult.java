package dev.scylla.core.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.scylla.core.internal.Checks;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The whole experiment, written to {@code result.json}.
 *
 * @param config the configuration it ran with
 * @param tierResults tier to result
 * @param bestOverallTier the tier of the frontier cost-of-pass, null when no tier has a pass
 * @param bestOverallSubtest the best sub-test of that tier, null when none
 * @param frontierCop the minimum cost-of-pass over the tiers, null when undefined
 * @param frontierCopTier the tier it belongs to, null when undefined
 * @param totalCost agent cost of every run, null when any is unknown
 * @param totalDurationSeconds wall-clock seconds from start to end
 * @param tokenStats summed agent tokens
 * @param startedAt when the experiment started
 * @param completedAt when it ended (also when it stopped early), null while running
 * @param totalJudgeCost cost of every judge call, null when any is unknown
 * @param provenance what produced the result
 * @param stopReason why it stopped before running everything (e.g. {@code budget}), or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExperimentResult(
    ExperimentConfig config,
    Map<TierId, TierResult> tierResults,
    TierId bestOverallTier,
    String bestOverallSubtest,
    Double frontierCop,
    TierId frontierCopTier,
    Double totalCost,
    double totalDurationSeconds,
    TokenStats tokenStats,
    Instant startedAt,
    Instant completedAt,
    Double totalJudgeCost,
    Provenance provenance,
    String stopReason) {

  /** Validates the fields. */
  public ExperimentResult {
    Checks.notNull(config, "config");
    EnumMap<TierId, TierResult> tiers = new EnumMap<>(TierId.class);
    if (tierResults != null) {
      tiers.putAll(tierResults);
    }
    tierResults = Collections.unmodifiableMap(tiers);
    Checks.optionalFiniteNonNegative(frontierCop, "frontier_cop");
    Checks.optionalFiniteNonNegative(totalCost, "total_cost");
    Checks.finiteNonNegative(totalDurationSeconds, "total_duration_seconds");
    tokenStats = tokenStats == null ? TokenStats.ZERO : tokenStats;
    Checks.notNull(startedAt, "started_at");
    Checks.optionalFiniteNonNegative(totalJudgeCost, "total_judge_cost");
  }

  /** How many of its runs errored (crashed, timed out, unparseable): those with an error. */
  public int erroredRuns() {
    int errored = 0;
    for (TierResult t : tierResults.values()) {
      for (SubTestResult st : t.subtestResults().values()) {
        errored += (int) st.runs().stream().filter(r -> r.error() != null).count();
      }
    }
    return errored;
  }

  /**
   * A copy with another duration and end, for results whose wall-clock time is not end minus start:
   * a resumed experiment adds the time of its earlier sessions, and a report rebuilt from run files
   * only knows the runs' own durations.
   */
  public ExperimentResult withTiming(double totalDurationSeconds, Instant completedAt) {
    return new ExperimentResult(
        config,
        tierResults,
        bestOverallTier,
        bestOverallSubtest,
        frontierCop,
        frontierCopTier,
        totalCost,
        totalDurationSeconds,
        tokenStats,
        startedAt,
        completedAt,
        totalJudgeCost,
        provenance,
        stopReason);
  }

  /** A copy with another provenance (a re-judging changes its judges). */
  public ExperimentResult withProvenance(Provenance newProvenance) {
    return new ExperimentResult(
        config,
        tierResults,
        bestOverallTier,
        bestOverallSubtest,
        frontierCop,
        frontierCopTier,
        totalCost,
        totalDurationSeconds,
        tokenStats,
        startedAt,
        completedAt,
        totalJudgeCost,
        newProvenance,
        stopReason);
  }
}
