package dev.scylla.core.testing;

import dev.scylla.core.internal.metrics.Metrics;
import dev.scylla.core.model.CriterionScore;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.model.Grade;
import dev.scylla.core.model.JudgeResult;
import dev.scylla.core.model.Provenance;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.model.TierResult;
import dev.scylla.core.model.TokenStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Hand-made results for report tests. */
public final class ReportSamples {
  private ReportSamples() {}

  public static final String JUDGE = "claude-opus-4-5-20251101";

  /** A run; {@code score} null = no valid judge. */
  public static RunResult run(int n, Double score, boolean passed, Double cost, String error) {
    Grade grade = score == null ? null : dev.scylla.core.internal.metrics.Grades.of(score);
    List<JudgeResult> judges =
        score == null
            ? List.of(JudgeResult.invalid(JUDGE, 1, "no verdict", 0.001, TokenStats.ZERO, 1.0))
            : List.of(
                new JudgeResult(
                    JUDGE,
                    score,
                    passed,
                    grade,
                    "judge says <b>fine</b> & \"ok\"",
                    1,
                    Map.of("functional", new CriterionScore(score, "met")),
                    true,
                    null,
                    0.001,
                    new TokenStats(100, 10, 0, 0),
                    1.0));
    return new RunResult(
        n,
        error == null ? 0 : 1,
        new TokenStats(1000 + n, 200, 3000, 9000),
        cost,
        12.5,
        11.5,
        1.0,
        score,
        passed,
        grade,
        score == null ? "no valid judge verdict" : "fine",
        judges,
        "/r/ws",
        "/r/agent",
        null,
        Map.of(),
        0.001,
        error);
  }

  public static SubTestResult sub(TierId tier, String id, RunResult... runs) {
    return Metrics.summarize(tier, id, List.of(runs), null);
  }

  public static ExperimentResult experiment(Map<TierId, List<SubTestResult>> tiers) {
    Map<TierId, TierResult> results = new EnumMap<>(TierId.class);
    tiers.forEach(
        (t, subs) -> results.put(t, Metrics.tierResult(t, new ArrayList<>(subs), List.of())));
    ExperimentConfig config =
        new ExperimentConfig(
            "sample",
            "https://example.invalid/repo",
            null,
            "/p/prompt.md",
            "python",
            List.of("claude-sonnet-4-5-20250929"),
            3,
            new ArrayList<>(tiers.keySet()),
            List.of(JUDGE),
            1,
            60,
            null,
            null,
            null,
            "/p",
            null);
    Instant start = Instant.parse("2026-01-15T13:00:00Z");
    return Metrics.experimentResult(
        config,
        results,
        start,
        start.plusSeconds(90),
        new Provenance(
            "0.1.0",
            "sha256:abc",
            "hash1",
            "2.1.332 (Claude Code)",
            config.models(),
            List.of(JUDGE)),
        null);
  }

  /** T0 with sub-tests 00 (3 of 3 pass, $0.02) and 01 (1 of 3, $0.01, an odd error); T1 00. */
  public static ExperimentResult standard() {
    return experiment(
        Map.of(
            TierId.T0,
            List.of(
                sub(
                    TierId.T0,
                    "00",
                    run(1, 0.9, true, 0.02, null),
                    run(2, 0.85, true, 0.02, null),
                    run(3, 0.95, true, 0.02, null)),
                sub(
                    TierId.T0,
                    "01",
                    run(1, 0.7, true, 0.01, null),
                    run(2, 0.3, false, 0.01, null),
                    run(3, null, false, null, "judge 1 (m): said \"no\", then\nstopped"))),
            TierId.T1,
            List.of(sub(TierId.T1, "00", run(1, 0.8, true, 0.05, null)))));
  }
}
