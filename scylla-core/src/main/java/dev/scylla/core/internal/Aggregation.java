package dev.scylla.core.internal;

import dev.scylla.core.agent.AgentOutcome;
import dev.scylla.core.fixture.Rubric;
import dev.scylla.core.model.Grade;
import dev.scylla.core.model.JudgeResult;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.model.TierResult;
import dev.scylla.core.model.TokenStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The engine's aggregation of runs into sub-test, tier and experiment figures.
 *
 * <ul>
 *   <li>Consensus: score = mean of the valid judges' scores; passed by strict majority of them; no
 *       valid judge: no score, not passed.
 *   <li>Sub-test: pass rate = passed / runs; mean, median, sample std dev of the scored runs;
 *       consistency = max(0, 1 − std/mean), 0 when the mean is 0.
 *   <li>Best sub-test: highest median; when the top two differ by less than 0.05, fewer total
 *       tokens wins and the tie-break is recorded.
 *   <li>Cost-of-Pass = mean cost / pass rate of the best sub-test, undefined at pass rate 0.
 * </ul>
 */
public final class Aggregation {
  static final double TIE_MARGIN = 0.05;

  private Aggregation() {}

  /** Cost of an agent call: the reported total, else the sum over models, else unknown. */
  public static Double agentCost(AgentOutcome o) {
    if (o.totalCostUsd() != null) {
      return o.totalCostUsd();
    }
    if (!o.modelUsage().isEmpty()
        && o.modelUsage().values().stream().allMatch(m -> m.costUsd() != null)) {
      return o.modelUsage().values().stream().mapToDouble(m -> m.costUsd()).sum();
    }
    return null;
  }

  /** Consensus of the judges of one run. */
  public record Consensus(Double score, boolean passed, Grade grade, String reasoning) {}

  /** Mean score of the valid judges, passed by strict majority. */
  public static Consensus consensus(List<JudgeResult> judges, Rubric rubric) {
    List<JudgeResult> valid = judges.stream().filter(JudgeResult::valid).toList();
    if (valid.isEmpty()) {
      return new Consensus(null, false, null, "no judge returned a valid verdict");
    }
    double mean = valid.stream().mapToDouble(JudgeResult::score).average().orElseThrow();
    long passes = valid.stream().filter(JudgeResult::passed).count();
    boolean passed = passes * 2 > valid.size();
    String reasoning =
        valid.size() == 1
            ? valid.get(0).reasoning()
            : String.join(
                "\n\n", valid.stream().map(j -> "[" + j.model() + "] " + j.reasoning()).toList());
    return new Consensus(mean, passed, rubric.grade(mean), reasoning);
  }

  /** Figures of one sub-test from its runs. */
  public static SubTestResult subTest(TierId tier, String id, List<RunResult> runs) {
    List<Double> scores =
        runs.stream().map(RunResult::judgeScore).filter(Objects::nonNull).sorted().toList();
    double passRate =
        runs.isEmpty()
            ? 0
            : (double) runs.stream().filter(RunResult::judgePassed).count() / runs.size();
    Double mean = null;
    Double median = null;
    Double std = null;
    Double consistency = null;
    if (!scores.isEmpty()) {
      mean = scores.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      int n = scores.size();
      median = n % 2 == 1 ? scores.get(n / 2) : (scores.get(n / 2 - 1) + scores.get(n / 2)) / 2;
      double m = mean;
      std =
          n == 1
              ? 0.0
              : Math.sqrt(scores.stream().mapToDouble(s -> (s - m) * (s - m)).sum() / (n - 1));
      consistency = mean == 0 ? 0.0 : Math.max(0, Math.min(1, 1 - std / mean));
    }
    List<Double> costs = runs.stream().map(RunResult::costUsd).filter(Objects::nonNull).toList();
    Double totalCost =
        costs.isEmpty() ? null : costs.stream().mapToDouble(Double::doubleValue).sum();
    Double meanCost = costs.isEmpty() ? null : totalCost / costs.size();
    Map<Grade, Integer> dist = new EnumMap<>(Grade.class);
    for (RunResult r : runs) {
      if (r.judgeGrade() != null) {
        dist.merge(r.judgeGrade(), 1, Integer::sum);
      }
    }
    Grade modal =
        dist.entrySet().stream()
            .max(
                Map.Entry.<Grade, Integer>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey()))
            .map(Map.Entry::getKey)
            .orElse(null);
    Grade min = dist.keySet().stream().min(Comparator.naturalOrder()).orElse(null);
    Grade max = dist.keySet().stream().max(Comparator.naturalOrder()).orElse(null);
    List<Double> judgeCosts =
        runs.stream().map(RunResult::judgeCostUsd).filter(Objects::nonNull).toList();
    return new SubTestResult(
        id,
        tier,
        runs,
        passRate,
        mean,
        median,
        std,
        meanCost,
        totalCost,
        TokenStats.sum(runs.stream().map(RunResult::tokenStats).toList()),
        consistency,
        dist,
        modal,
        min,
        max,
        false,
        null,
        null,
        judgeCosts.isEmpty() ? null : judgeCosts.stream().mapToDouble(Double::doubleValue).sum());
  }

  /** A tier's figures: its sub-tests with the best one selected, and its Cost-of-Pass. */
  public static TierResult tier(
      TierId tier, Map<String, SubTestResult> subTests, List<String> inheritedFrom) {
    List<SubTestResult> ranked = new ArrayList<>(subTests.values());
    ranked.removeIf(s -> s.medianScore() == null);
    ranked.sort(
        Comparator.comparing(SubTestResult::medianScore, Comparator.reverseOrder())
            .thenComparing(SubTestResult::subtestId));
    String best = null;
    boolean tie = false;
    String reason = null;
    if (!ranked.isEmpty()) {
      SubTestResult first = ranked.get(0);
      best = first.subtestId();
      reason = "highest median score";
      if (ranked.size() > 1 && first.medianScore() - ranked.get(1).medianScore() < TIE_MARGIN) {
        tie = true;
        SubTestResult second = ranked.get(1);
        if (second.tokenStats().totalTokens() < first.tokenStats().totalTokens()) {
          best = second.subtestId();
        }
        reason =
            "median scores of "
                + first.subtestId()
                + " and "
                + second.subtestId()
                + " within "
                + TIE_MARGIN
                + ": fewer total tokens wins";
      }
    }
    Map<String, SubTestResult> marked = new LinkedHashMap<>();
    for (SubTestResult s : subTests.values()) {
      boolean isBest = s.subtestId().equals(best);
      marked.put(s.subtestId(), s.withSelection(isBest, isBest ? reason : null));
    }
    SubTestResult b = best == null ? null : marked.get(best);
    Double cop =
        b == null || b.passRate() == 0 || b.meanCost() == null ? null : b.meanCost() / b.passRate();
    List<Double> costs =
        marked.values().stream().map(SubTestResult::totalCost).filter(Objects::nonNull).toList();
    List<Double> judgeCosts =
        marked.values().stream()
            .map(SubTestResult::totalJudgeCost)
            .filter(Objects::nonNull)
            .toList();
    return new TierResult(
        tier,
        marked,
        best,
        b == null ? null : b.medianScore(),
        inheritedFrom,
        tie,
        costs.isEmpty() ? null : costs.stream().mapToDouble(Double::doubleValue).sum(),
        marked.values().stream().mapToDouble(SubTestResult::totalDurationSeconds).sum(),
        cop,
        TokenStats.sum(marked.values().stream().map(SubTestResult::tokenStats).toList()),
        judgeCosts.isEmpty() ? null : judgeCosts.stream().mapToDouble(Double::doubleValue).sum());
  }
}
