package dev.scylla.core.internal.metrics;

import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.model.Grade;
import dev.scylla.core.model.Provenance;
import dev.scylla.core.model.RateLimitInfo;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.model.TierResult;
import dev.scylla.core.model.TokenStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one definition of every aggregate Scylla reports. Costs are agent costs; judge costs are
 * summed separately ({@code total_judge_cost}) and never enter cost-of-pass. A sum or mean of costs
 * is null (unknown) as soon as one of its terms is unknown.
 */
public final class Metrics {

  /** Median scores closer than this go to the total-token tie-break. */
  public static final double TIE_BREAK_MARGIN = 0.05;

  private Metrics() {}

  /**
   * The statistics of one sub-test's runs.
   *
   * <ul>
   *   <li>pass_rate = (runs with judge_passed) / (scored runs, judge_score not null); errored runs
   *       without a score count in neither; 0 when no run is scored
   *   <li>mean_score, median_score, std_dev_score over the scored runs (judge_score not null);
   *       std_dev is the sample standard deviation sqrt(&Sigma;(x&minus;mean)&sup2; / (n&minus;1)),
   *       0 for one run; all null when no run is scored
   *   <li>consistency = max(0, 1 &minus; std_dev/mean), 0 when mean = 0
   *   <li>total_cost = &Sigma; cost_usd over all runs; mean_cost = &Sigma; cost_usd / runs over the
   *       scored runs (all runs when none is scored); null when any cost is unknown or there are no
   *       runs
   *   <li>grade_distribution over graded runs; modal_grade the most frequent (ties: the better);
   *       min/max by F &lt; D &lt; C &lt; B &lt; A &lt; S
   * </ul>
   *
   * @param rateLimitInfo the last rate limit met while running it, or null
   */
  public static SubTestResult summarize(
      TierId tier, String subtestId, List<RunResult> runs, RateLimitInfo rateLimitInfo) {
    int n = runs.size();
    // Only a verdict scores a run: an errored run (the API unreachable, no judge verdict) is
    // outside the pass rate, neither passed nor failed.
    long scored = runs.stream().filter(RunResult::scored).count();
    long passed = runs.stream().filter(RunResult::judgePassed).count();
    double passRate = scored == 0 ? 0.0 : (double) passed / scored;
    List<Double> scores =
        runs.stream().map(RunResult::judgeScore).filter(Objects::nonNull).sorted().toList();
    Double mean = null;
    Double median = null;
    Double std = null;
    Double consistency = null;
    if (!scores.isEmpty()) {
      mean = mean(scores);
      median = median(scores);
      std = sampleStdDev(scores, mean);
      consistency = consistency(mean, std);
    }
    Double totalCost = n == 0 ? null : sumOrNull(runs, RunResult::costUsd);
    // The cost per run that Cost-of-Pass divides by the pass rate: of the same, scored runs.
    List<RunResult> costed = scored == 0 ? runs : runs.stream().filter(RunResult::scored).toList();
    Double costedSum = costed.isEmpty() ? null : sumOrNull(costed, RunResult::costUsd);
    Double meanCost = costedSum == null ? null : costedSum / costed.size();
    Map<Grade, Integer> distribution = new EnumMap<>(Grade.class);
    for (RunResult run : runs) {
      if (run.judgeGrade() != null) {
        distribution.merge(run.judgeGrade(), 1, Integer::sum);
      }
    }
    Grade modal = null;
    for (Map.Entry<Grade, Integer> entry : distribution.entrySet()) {
      // EnumMap iterates F..S, so ">=" lets the better grade win a tie.
      if (modal == null || entry.getValue() >= distribution.get(modal)) {
        modal = entry.getKey();
      }
    }
    Grade min = distribution.keySet().stream().min(Comparator.naturalOrder()).orElse(null);
    Grade max = distribution.keySet().stream().max(Comparator.naturalOrder()).orElse(null);
    return new SubTestResult(
        subtestId,
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
        distribution,
        modal,
        min,
        max,
        false,
        null,
        rateLimitInfo,
        sumOrNull(runs, RunResult::judgeCostUsd));
  }

  /**
   * The best sub-test: the highest median score. When the runner-up's median is within {@link
   * #TIE_BREAK_MARGIN} (difference &lt; 0.05) of the leader's, the one of the two with fewer total
   * tokens ({@link TokenStats#totalTokens()}) wins and {@code tiebreakerNeeded} is true (equal
   * tokens: the higher median). Sub-tests without a scored run are not candidates; equal medians
   * are ordered by sub-test id.
   */
  public static BestSubTest selectBest(List<SubTestResult> subTests) {
    List<SubTestResult> ranked =
        subTests.stream()
            .filter(s -> s.medianScore() != null)
            .sorted(
                Comparator.comparing(SubTestResult::medianScore)
                    .reversed()
                    .thenComparing(SubTestResult::subtestId))
            .toList();
    if (ranked.isEmpty()) {
      return BestSubTest.none();
    }
    SubTestResult first = ranked.get(0);
    if (ranked.size() == 1) {
      return new BestSubTest(
          first.subtestId(),
          false,
          "only scored sub-test (median " + fmt(first.medianScore()) + ")");
    }
    SubTestResult second = ranked.get(1);
    double gap = first.medianScore() - second.medianScore();
    // The tolerance keeps 0.85 - 0.80 (0.04999...) from counting as a tie.
    if (gap + Grades.EPSILON >= TIE_BREAK_MARGIN) {
      return new BestSubTest(
          first.subtestId(),
          false,
          "highest median score "
              + fmt(first.medianScore())
              + " (next: "
              + second.subtestId()
              + " at "
              + fmt(second.medianScore())
              + ")");
    }
    long firstTokens = first.tokenStats().totalTokens();
    long secondTokens = second.tokenStats().totalTokens();
    SubTestResult winner = secondTokens < firstTokens ? second : first;
    SubTestResult loser = winner == first ? second : first;
    return new BestSubTest(
        winner.subtestId(),
        true,
        String.format(
            Locale.ROOT,
            "tie-break: medians %s (%s) and %s (%s) differ by < %.2f; %s used fewer total tokens"
                + " (%d vs %d)",
            first.subtestId(),
            fmt(first.medianScore()),
            second.subtestId(),
            fmt(second.medianScore()),
            TIE_BREAK_MARGIN,
            winner.subtestId(),
            winner.tokenStats().totalTokens(),
            loser.tokenStats().totalTokens()));
  }

  /**
   * Cost-of-pass of a sub-test = mean_cost / pass_rate: the expected agent cost of one passing run.
   * Null (undefined) when the pass rate is 0 or the mean cost is unknown.
   */
  public static Double costOfPass(SubTestResult subTest) {
    if (subTest == null || subTest.passRate() <= 0 || subTest.meanCost() == null) {
      return null;
    }
    return subTest.meanCost() / subTest.passRate();
  }

  /**
   * A tier's result: its sub-tests with the best one marked ({@link #selectBest}), cost_of_pass =
   * {@link #costOfPass} of the best sub-test, total_cost = &Sigma; sub-test total_cost (null when
   * any is unknown), total_duration = &Sigma; run duration_seconds, tokens summed.
   *
   * @param inheritedFrom sub-tests the tier's baseline came from ({@code "T0/03"}), may be empty
   */
  public static TierResult tierResult(
      TierId tier, List<SubTestResult> subTests, List<String> inheritedFrom) {
    BestSubTest best = selectBest(subTests);
    Map<String, SubTestResult> marked = new LinkedHashMap<>();
    for (SubTestResult subTest : subTests) {
      boolean isBest = subTest.subtestId().equals(best.subtestId());
      marked.put(subTest.subtestId(), subTest.withSelection(isBest, isBest ? best.reason() : null));
    }
    SubTestResult bestResult = best.subtestId() == null ? null : marked.get(best.subtestId());
    return new TierResult(
        tier,
        marked,
        best.subtestId(),
        bestResult == null ? null : bestResult.medianScore(),
        inheritedFrom,
        best.tiebreakerNeeded(),
        subTests.isEmpty() ? Double.valueOf(0.0) : sumOrNull(subTests, SubTestResult::totalCost),
        subTests.stream().mapToDouble(SubTestResult::totalDurationSeconds).sum(),
        costOfPass(bestResult),
        TokenStats.sum(subTests.stream().map(SubTestResult::tokenStats).toList()),
        subTests.isEmpty()
            ? Double.valueOf(0.0)
            : sumOrNull(subTests, SubTestResult::totalJudgeCost));
  }

  /**
   * Frontier CoP = min over tiers of cost_of_pass; its tier and that tier's best sub-test. Tiers
   * with an undefined cost-of-pass are skipped; equal costs go to the lower tier. {@link
   * Frontier#NONE} when no tier has one.
   */
  public static Frontier frontier(Map<TierId, TierResult> tiers) {
    Frontier best = Frontier.NONE;
    for (TierId tier : TierId.values()) {
      TierResult result = tiers.get(tier);
      if (result == null || result.costOfPass() == null) {
        continue;
      }
      if (best.costOfPass() == null || result.costOfPass() < best.costOfPass()) {
        best = new Frontier(tier, result.bestSubtest(), result.costOfPass());
      }
    }
    return best;
  }

  /**
   * The experiment's result: best_overall_tier/subtest and frontier_cop from {@link #frontier};
   * total_cost = &Sigma; tier total_cost (null when any is unknown); total_duration_seconds =
   * completedAt &minus; startedAt (0 while running); tokens and judge costs summed.
   *
   * @param completedAt when it ended, or null while running
   * @param stopReason why it stopped early, or null
   */
  public static ExperimentResult experimentResult(
      ExperimentConfig config,
      Map<TierId, TierResult> tiers,
      Instant startedAt,
      Instant completedAt,
      Provenance provenance,
      String stopReason) {
    Frontier frontier = frontier(tiers);
    List<TierResult> results = new ArrayList<>(tiers.values());
    double duration =
        completedAt == null ? 0.0 : Duration.between(startedAt, completedAt).toMillis() / 1000.0;
    return new ExperimentResult(
        config,
        tiers,
        frontier.tier(),
        frontier.subtestId(),
        frontier.costOfPass(),
        frontier.tier(),
        results.isEmpty() ? Double.valueOf(0.0) : sumOrNull(results, TierResult::totalCost),
        Math.max(0.0, duration),
        TokenStats.sum(results.stream().map(TierResult::tokenStats).toList()),
        startedAt,
        completedAt,
        results.isEmpty() ? Double.valueOf(0.0) : sumOrNull(results, TierResult::totalJudgeCost),
        provenance,
        stopReason);
  }

  /** Arithmetic mean; the list must not be empty. */
  static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).sum() / values.size();
  }

  /** Median of sorted values: the middle one, or the mean of the two middle ones. */
  static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }

  /** Sample standard deviation (n &minus; 1 denominator); 0 for a single value. */
  static double sampleStdDev(List<Double> values, double mean) {
    if (values.size() < 2) {
      return 0.0;
    }
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    return Math.sqrt(squares / (values.size() - 1));
  }

  /** max(0, 1 &minus; std/mean); 0 when mean is 0. */
  static double consistency(double mean, double std) {
    if (mean <= 0) {
      return 0.0;
    }
    return Math.min(1.0, Math.max(0.0, 1.0 - std / mean));
  }

  private static <T> Double sumOrNull(List<T> items, Function<T, Double> value) {
    double sum = 0;
    for (T item : items) {
      Double v = value.apply(item);
      if (v == null) {
        return null;
      }
      sum += v;
    }
    return sum;
  }

  private static String fmt(double score) {
    return String.format(Locale.ROOT, "%.3f", score);
  }
}
