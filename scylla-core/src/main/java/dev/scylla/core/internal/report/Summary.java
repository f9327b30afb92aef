package dev.scylla.core.internal.report;

import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierResult;
import dev.scylla.core.model.TokenStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The summary printed at the end of an experiment, in this order: Duration, Total Cost, Best Tier,
 * Best Sub-test, Frontier CoP, one line per tier ({@code T0: PASS (score: 0.840, cost: $0.1087)}:
 * the best sub-test's median score and mean agent cost per run, PASS when the score reaches the
 * pass threshold), then the judges' total cost, the agent's tokens of the experiment and of each
 * tier ({@code Tokens: input 1200 fresh + 9000 cached, output 150, cache created 3000, cache hit
 * rate 68.2%}), the cost note of a subscription login and, when it stopped early, why.
 */
public final class Summary {
  /** The line that says what a cost measured under a subscription (OAuth) login is. */
  public static final String OAUTH_COST_NOTE =
      "Cost note: subscription (OAuth) login: costs are Claude Code's total_cost_usd, an estimate"
          + " at API list prices, not a bill";

  private Summary() {}

  /** The summary lines of a result. */
  public static List<String> lines(ExperimentResult r, double passThreshold) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "Duration: %.1fs", r.totalDurationSeconds()));
    lines.add("Total Cost: " + money(r.totalCost()));
    boolean hasBest = r.bestOverallTier() != null && r.frontierCop() != null;
    lines.add("Best Tier: " + (hasBest ? r.bestOverallTier().name() : "none"));
    lines.add("Best Sub-test: " + (hasBest ? r.bestOverallSubtest() : "none"));
    lines.add("Frontier CoP: " + (hasBest ? money(r.frontierCop()) : "n/a"));
    for (TierResult t : r.tierResults().values()) {
      lines.add(tierLine(t, passThreshold));
    }
    lines.add("Judge Cost: " + money(r.totalJudgeCost()));
    lines.add("Tokens: " + tokens(r.tokenStats()));
    for (TierResult t : r.tierResults().values()) {
      lines.add(t.tierId().name() + " tokens: " + tokens(t.tokenStats()));
    }
    long unscored =
        r.tierResults().values().stream()
            .flatMap(t -> t.subtestResults().values().stream())
            .flatMap(st -> st.runs().stream())
            .filter(run -> !run.scored())
            .count();
    if (unscored > 0) {
      lines.add(
          "Errored: "
              + unscored
              + " run"
              + (unscored == 1 ? "" : "s")
              + " not scored (outside the pass rates)");
    }
    if (r.provenance() != null && r.provenance().oauthLogin()) {
      lines.add(OAUTH_COST_NOTE);
    }
    if (r.stopReason() != null) {
      lines.add("Stopped: " + r.stopReason().replace('_', ' '));
    }
    return List.copyOf(lines);
  }

  /** One tier's line. */
  public static String tierLine(TierResult t, double passThreshold) {
    SubTestResult best = t.best();
    Double score = best == null ? null : best.medianScore();
    Double cost = best == null ? meanCost(t) : best.meanCost();
    return String.format(
        Locale.ROOT,
        "%s: %s (score: %s, cost: %s)",
        t.tierId().name(),
        tierStatus(t, passThreshold),
        score == null ? "n/a" : String.format(Locale.ROOT, "%.3f", score),
        money(cost));
  }

  /**
   * {@code PASS} when the best sub-test's median score reaches the threshold, else {@code FAIL}.
   */
  public static String tierStatus(TierResult t, double passThreshold) {
    SubTestResult best = t.best();
    Double score = best == null ? null : best.medianScore();
    return score != null && score + 1e-9 >= passThreshold ? "PASS" : "FAIL";
  }

  private static Double meanCost(TierResult t) {
    List<Double> costs =
        t.subtestResults().values().stream()
            .flatMap(s -> s.runs().stream())
            .map(RunResult::costUsd)
            .filter(Objects::nonNull)
            .toList();
    return costs.isEmpty()
        ? null
        : costs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  /**
   * The token figures: fresh (uncached) and cached (read from the cache) input, output, input
   * written to the cache, and the cache hit rate = cache read / (fresh + cache created + cache
   * read), {@code n/a} without input.
   */
  public static String tokens(TokenStats t) {
    long input = t.totalInputTokens();
    return String.format(
        Locale.ROOT,
        "input %d fresh + %d cached, output %d, cache created %d, cache hit rate %s",
        t.inputTokens(),
        t.cacheReadTokens(),
        t.outputTokens(),
        t.cacheCreationTokens(),
        input == 0
            ? "n/a"
            : String.format(Locale.ROOT, "%.1f%%", 100.0 * t.cacheReadTokens() / input));
  }

  /** {@code $0.1087}, or {@code unknown} when the cost is not known. */
  public static String money(Double usd) {
    return usd == null ? "unknown" : String.format(Locale.ROOT, "$%.4f", usd);
  }
}
