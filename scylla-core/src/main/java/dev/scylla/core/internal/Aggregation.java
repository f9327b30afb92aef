package dev.scylla.core.internal;

import dev.scylla.core.agent.AgentOutcome;
import dev.scylla.core.fixture.Rubric;
import dev.scylla.core.metrics.AgentCosts;
import dev.scylla.core.metrics.Consensus;
import dev.scylla.core.metrics.Metrics;
import dev.scylla.core.metrics.ModelUsage;
import dev.scylla.core.model.JudgeResult;
import dev.scylla.core.model.RateLimitInfo;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.model.TierResult;
import dev.scylla.core.model.TokenStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's bridge to {@link Metrics}: adapter outcomes to costs, judges to a consensus, runs to
 * sub-test and tier figures. The formulas live in {@code dev.scylla.core.metrics} only.
 */
public final class Aggregation {
  private Aggregation() {}

  /** Cost of an agent or judge call (reported total, else per-model sum, else price table). */
  public static Double agentCost(AgentOutcome o, String model) {
    Map<String, ModelUsage> usage = new LinkedHashMap<>();
    o.modelUsage()
        .forEach(
            (id, u) ->
                usage.put(
                    id,
                    new ModelUsage(
                        new TokenStats(
                            u.inputTokens(),
                            u.outputTokens(),
                            u.cacheCreationInputTokens(),
                            u.cacheReadInputTokens()),
                        u.costUsd())));
    return AgentCosts.of(o.totalCostUsd(), usage, model, tokens(o)).orElse(null);
  }

  /** The tokens of a call. */
  public static TokenStats tokens(AgentOutcome o) {
    return new TokenStats(
        o.inputTokens(), o.outputTokens(), o.cacheCreationTokens(), o.cacheReadTokens());
  }

  /** Consensus of the judges of one run, graded on the rubric's scale. */
  public static Consensus consensus(List<JudgeResult> judges, Rubric rubric) {
    return Consensus.of(judges, rubric.gradeScale());
  }

  /** Figures of one sub-test from its runs. */
  public static SubTestResult subTest(TierId tier, String id, List<RunResult> runs) {
    return Metrics.summarize(tier, id, runs, null);
  }

  /** Figures of one sub-test from its runs, with the last rate limit met (or null). */
  public static SubTestResult subTest(
      TierId tier, String id, List<RunResult> runs, RateLimitInfo rateLimit) {
    return Metrics.summarize(tier, id, runs, rateLimit);
  }

  /** A tier's figures: its sub-tests with the best one selected, and its Cost-of-Pass. */
  public static TierResult tier(
      TierId tier, Map<String, SubTestResult> subTests, List<String> inheritedFrom) {
    return Metrics.tierResult(tier, new ArrayList<>(subTests.values()), inheritedFrom);
  }
}
