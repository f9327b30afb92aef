package dev.scylla.core.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.model.Grade;
import dev.scylla.core.model.JudgeResult;
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
import org.junit.jupiter.api.Test;

class MetricsTest {
  private static final double EPS = 1e-9;

  // ------------------------------------------------------------ grades

  @Test
  void grades_followTheDefaultScale() {
    assertThat(Grades.of(1.0)).isEqualTo(Grade.S);
    assertThat(Grades.of(0.99)).isEqualTo(Grade.A);
    assertThat(Grades.of(0.80)).isEqualTo(Grade.A);
    // 0.7 + 0.1 is 0.7999999999999999 in doubles
    assertThat(Grades.of(0.7 + 0.1)).isEqualTo(Grade.A);
    assertThat(Grades.of(0.79)).isEqualTo(Grade.B);
    assertThat(Grades.of(0.60)).isEqualTo(Grade.B);
    assertThat(Grades.of(0.40)).isEqualTo(Grade.C);
    assertThat(Grades.of(0.20)).isEqualTo(Grade.D);
    assertThat(Grades.of(0.19)).isEqualTo(Grade.F);
    assertThat(Grades.of(0.0)).isEqualTo(Grade.F);
  }

  @Test
  void grades_useARubricScaleWhenGiven() {
    Map<Grade, Double> scale = new EnumMap<>(Grades.DEFAULT_SCALE);
    scale.put(Grade.A, 0.9);
    scale.put(Grade.S, 0.95);
    assertThat(Grades.of(0.96, scale)).isEqualTo(Grade.S);
    assertThat(Grades.of(0.85, scale)).isEqualTo(Grade.B);
  }

  @Test
  void passes_atTheThresholdAndNotBelow() {
    assertThat(Grades.passes(0.60, 0.60)).isTrue();
    // 0.94 - 0.34 is 0.5999999999999999 in doubles
    assertThat(Grades.passes(0.94 - 0.34, 0.60)).isTrue();
    assertThat(Grades.passes(0.59, 0.60)).isFalse();
    assertThatThrownBy(() -> Grades.passes(1.2, 0.6)).hasMessageContaining("1.2");
    assertThatThrownBy(() -> Grades.of(Double.NaN)).hasMessageContaining("NaN");
  }

  // ------------------------------------------------------------ consensus

  @Test
  void consensus_meanOfValidJudgesAndStrictMajority() {
    Consensus c =
        Consensus.of(
            List.of(judge(1, 0.8, true), judge(2, 0.5, false), judge(3, 0.9, true)),
            Grades.DEFAULT_SCALE);
    assertThat(c.score()).isCloseTo((0.8 + 0.5 + 0.9) / 3, within(EPS));
    assertThat(c.passed()).isTrue();
    assertThat(c.grade()).isEqualTo(Grade.B);
    assertThat(c.validJudges()).isEqualTo(3);
    assertThat(c.reasoning()).contains("Judge 2 (judge-2): reason 2");
  }

  @Test
  void consensus_evenSplitIsNotAPass() {
    Consensus c =
        Consensus.of(List.of(judge(1, 0.9, true), judge(2, 0.3, false)), Grades.DEFAULT_SCALE);
    assertThat(c.score()).isCloseTo(0.6, within(EPS));
    assertThat(c.passed()).isFalse();
  }

  @Test
  void consensus_ignoresInvalidJudges() {
    Consensus c =
        Consensus.of(
            List.of(
                JudgeResult.invalid("judge-1", 1, "unparseable output", null, null, 1.0),
                judge(2, 0.7, true)),
            Grades.DEFAULT_SCALE);
    assertThat(c.score()).isEqualTo(0.7);
    assertThat(c.passed()).isTrue();
    assertThat(c.validJudges()).isEqualTo(1);
    assertThat(c.reasoning()).isEqualTo("reason 2");
  }

  @Test
  void consensus_noValidJudge_hasNoScoreAndSaysWhy() {
    Consensus c =
        Consensus.of(
            List.of(JudgeResult.invalid("judge-1", 1, "timed out", null, null, 1.0)),
            Grades.DEFAULT_SCALE);
    assertThat(c.hasScore()).isFalse();
    assertThat(c.grade()).isNull();
    assertThat(c.passed()).isFalse();
    assertThat(c.reasoning()).contains("no valid judge verdict").contains("timed out");
  }

  // ------------------------------------------------------------ sub-test statistics

  @Test
  void summarize_fourRuns_matchesHandComputedStatistics() {
    // scores 0.9 0.7 0.5 0.8; costs 0.10 0.20 0.30 0.40
    List<RunResult> runs =
        List.of(
            run(1, 0.9, 0.10, 100),
            run(2, 0.7, 0.20, 100),
            run(3, 0.5, 0.30, 100),
            run(4, 0.8, 0.40, 100));

    SubTestResult s = Metrics.summarize(TierId.T0, "00", runs, null);

    assertThat(s.passRate()).isEqualTo(0.75);
    assertThat(s.meanScore()).isCloseTo(0.725, within(EPS));
    assertThat(s.medianScore()).isCloseTo(0.75, within(EPS));
    // squares .030625 + .000625 + .050625 + .005625 = .0875; /3; sqrt
    assertThat(s.stdDevScore()).isCloseTo(Math.sqrt(0.0875 / 3), within(EPS));
    assertThat(s.stdDevScore()).isCloseTo(0.170783, within(1e-6));
    assertThat(s.consistency()).isCloseTo(1 - 0.170783 / 0.725, within(1e-6));
    assertThat(s.totalCost()).isCloseTo(1.0, within(EPS));
    assertThat(s.meanCost()).isCloseTo(0.25, within(EPS));
    assertThat(s.gradeDistribution()).isEqualTo(Map.of(Grade.A, 2, Grade.B, 1, Grade.C, 1));
    assertThat(s.modalGrade()).isEqualTo(Grade.A);
    assertThat(s.minGrade()).isEqualTo(Grade.C);
    assertThat(s.maxGrade()).isEqualTo(Grade.A);
    assertThat(s.tokenStats().totalTokens()).isEqualTo(400);
    assertThat(Metrics.costOfPass(s)).isCloseTo(0.25 / 0.75, within(EPS));
  }

  @Test
  void summarize_singleRun_hasZeroStdDevAndFullConsistency() {
    SubTestResult s = Metrics.summarize(TierId.T0, "00", List.of(run(1, 0.65, 0.05, 10)), null);
    assertThat(s.stdDevScore()).isZero();
    assertThat(s.consistency()).isEqualTo(1.0);
    assertThat(s.medianScore()).isEqualTo(0.65);
    assertThat(s.passRate()).isEqualTo(1.0);
    assertThat(Metrics.costOfPass(s)).isCloseTo(0.05, within(EPS));
  }

  @Test
  void summarize_zeroPassRate_hasUndefinedCostOfPass() {
    SubTestResult s =
        Metrics.summarize(
            TierId.T1, "02", List.of(run(1, 0.3, 0.05, 10), run(2, 0.1, 0.05, 10)), null);
    assertThat(s.passRate()).isZero();
    assertThat(Metrics.costOfPass(s)).isNull();
  }

  @Test
  void summarize_judgeCosts_areSummedApartAndNeverEnterCostOfPass() {
    RunResult judged = withJudgeCost(run(1, 0.9, 0.05, 10), 0.5);
    RunResult noJudgeCall = withJudgeCost(run(2, 0.9, 0.05, 10), 0.0);
    RunResult unknownJudge = withJudgeCost(run(3, 0.9, 0.05, 10), null);

    SubTestResult known = Metrics.summarize(TierId.T0, "00", List.of(judged, noJudgeCall), null);
    SubTestResult unknown = Metrics.summarize(TierId.T0, "01", List.of(judged, unknownJudge), null);

    assertThat(known.totalJudgeCost()).isCloseTo(0.5, within(EPS));
    assertThat(known.totalCost()).isCloseTo(0.10, within(EPS));
    assertThat(Metrics.costOfPass(known)).isCloseTo(0.05, within(EPS));
    assertThat(unknown.totalJudgeCost()).isNull();
    assertThat(Metrics.costOfPass(unknown)).isCloseTo(0.05, within(EPS));
  }

  @Test
  void summarize_unknownCost_makesTotalsAndCostOfPassUnknown() {
    SubTestResult s =
        Metrics.summarize(
            TierId.T0, "00", List.of(run(1, 0.9, 0.05, 10), run(2, 0.9, null, 10)), null);
    assertThat(s.totalCost()).isNull();
    assertThat(s.meanCost()).isNull();
    assertThat(s.passRate()).isEqualTo(1.0);
    assertThat(Metrics.costOfPass(s)).isNull();
  }

  @Test
  void summarize_unscoredRunsStayOutOfThePassRateAndTheScoreStatistics() {
    // Only a verdict scores a run: an errored run is neither passed nor failed.
    SubTestResult s =
        Metrics.summarize(
            TierId.T0, "00", List.of(run(1, 0.8, 0.1, 10), run(2, null, 0.1, 10)), null);
    assertThat(s.passRate()).isEqualTo(1.0);
    assertThat(s.meanScore()).isEqualTo(0.8);
    assertThat(s.gradeDistribution()).isEqualTo(Map.of(Grade.A, 1));

    SubTestResult none = Metrics.summarize(TierId.T0, "01", List.of(run(1, null, 0.1, 10)), null);
    assertThat(none.meanScore()).isNull();
    assertThat(none.medianScore()).isNull();
    assertThat(none.consistency()).isNull();
    assertThat(none.modalGrade()).isNull();
  }

  @Test
  void summarize_zeroMean_hasZeroConsistency() {
    SubTestResult s =
        Metrics.summarize(TierId.T0, "00", List.of(run(1, 0.0, 0.1, 1), run(2, 0.0, 0.1, 1)), null);
    assertThat(s.meanScore()).isZero();
    assertThat(s.consistency()).isZero();
  }

  @Test
  void summarize_modalGradeTie_takesTheBetterGrade() {
    SubTestResult s =
        Metrics.summarize(TierId.T0, "00", List.of(run(1, 0.3, 0.1, 1), run(2, 0.9, 0.1, 1)), null);
    assertThat(s.modalGrade()).isEqualTo(Grade.A);
    assertThat(s.medianScore()).isCloseTo(0.6, within(EPS));
  }

  @Test
  void summarize_noRuns_isEmptyNotAnError() {
    SubTestResult s = Metrics.summarize(TierId.T0, "00", List.of(), null);
    assertThat(s.passRate()).isZero();
    assertThat(s.totalCost()).isNull();
  }

  // ------------------------------------------------------------ best sub-test

  @Test
  void selectBest_clearWinner_isTheHighestMedian() {
    BestSubTest best =
        Metrics.selectBest(List.of(sub("01", 0.70, 100), sub("02", 0.80, 5000), sub("03", 0.5, 1)));
    assertThat(best.subtestId()).isEqualTo("02");
    assertThat(best.tiebreakerNeeded()).isFalse();
    assertThat(best.reason()).contains("0.800");
  }

  @Test
  void selectBest_withinMargin_fewerTokensWins() {
    BestSubTest best = Metrics.selectBest(List.of(sub("01", 0.80, 5000), sub("02", 0.78, 1000)));
    assertThat(best.subtestId()).isEqualTo("02");
    assertThat(best.tiebreakerNeeded()).isTrue();
    assertThat(best.reason()).contains("tie-break").contains("1000 vs 5000");
  }

  @Test
  void selectBest_withinMarginButLeaderCheaper_leaderWinsWithTieBreakRecorded() {
    BestSubTest best = Metrics.selectBest(List.of(sub("01", 0.80, 500), sub("02", 0.78, 1000)));
    assertThat(best.subtestId()).isEqualTo("01");
    assertThat(best.tiebreakerNeeded()).isTrue();
  }

  @Test
  void selectBest_exactlyTheMarginApart_isNoTie() {
    // 0.85 - 0.80 is 0.04999999999999993 in doubles
    BestSubTest best = Metrics.selectBest(List.of(sub("01", 0.85, 5000), sub("02", 0.80, 1)));
    assertThat(best.subtestId()).isEqualTo("01");
    assertThat(best.tiebreakerNeeded()).isFalse();
  }

  @Test
  void selectBest_equalMediansAndTokens_isDecidedByIdDeterministically() {
    BestSubTest best = Metrics.selectBest(List.of(sub("02", 0.8, 10), sub("01", 0.8, 10)));
    assertThat(best.subtestId()).isEqualTo("01");
    assertThat(best.tiebreakerNeeded()).isTrue();
  }

  @Test
  void selectBest_noScoredSubTest_isNone() {
    assertThat(Metrics.selectBest(List.of()).subtestId()).isNull();
    SubTestResult unscored =
        Metrics.summarize(TierId.T0, "00", List.of(run(1, null, 0.1, 1)), null);
    assertThat(Metrics.selectBest(List.of(unscored))).isEqualTo(BestSubTest.none());
  }

  // ------------------------------------------------------------ tiers and frontier

  @Test
  void tierResult_marksBestAndComputesCostOfPass() {
    SubTestResult a =
        Metrics.summarize(
            TierId.T0, "00", List.of(run(1, 0.9, 0.2, 10), run(2, 0.4, 0.4, 10)), null);
    SubTestResult b =
        Metrics.summarize(
            TierId.T0, "01", List.of(run(1, 0.5, 0.1, 10), run(2, 0.5, 0.1, 10)), null);

    TierResult tier = Metrics.tierResult(TierId.T0, List.of(a, b), List.of());

    // medians: 00 = 0.65, 01 = 0.5 -> 00; mean cost 0.3, pass rate 0.5 -> CoP 0.6
    assertThat(tier.bestSubtest()).isEqualTo("00");
    assertThat(tier.bestSubtestScore()).isCloseTo(0.65, within(EPS));
    assertThat(tier.costOfPass()).isCloseTo(0.6, within(EPS));
    assertThat(tier.totalCost()).isCloseTo(0.8, within(EPS));
    assertThat(tier.subtestResults().get("00").selectedAsBest()).isTrue();
    assertThat(tier.subtestResults().get("01").selectedAsBest()).isFalse();
    assertThat(tier.tiebreakerNeeded()).isFalse();
    assertThat(tier.tokenStats().totalTokens()).isEqualTo(40);
    // four runs of 20 s
    assertThat(tier.totalDuration()).isCloseTo(80.0, within(EPS));
  }

  @Test
  void frontier_isTheCheapestDefinedCostOfPass() {
    Map<TierId, TierResult> tiers = new EnumMap<>(TierId.class);
    tiers.put(TierId.T0, tierWith(TierId.T0, 0.9, 0.5));
    tiers.put(TierId.T1, tierWith(TierId.T1, 0.9, 0.3));
    tiers.put(TierId.T2, tierWith(TierId.T2, 0.1, 0.01));

    Frontier f = Metrics.frontier(tiers);

    assertThat(f.tier()).isEqualTo(TierId.T1);
    assertThat(f.subtestId()).isEqualTo("01");
    assertThat(f.costOfPass()).isCloseTo(0.3, within(EPS));
    assertThat(Metrics.frontier(Map.of(TierId.T2, tiers.get(TierId.T2)))).isEqualTo(Frontier.NONE);
  }

  @Test
  void experimentResult_sumsTiersAndTakesTheFrontier() {
    Map<TierId, TierResult> tiers = new EnumMap<>(TierId.class);
    tiers.put(TierId.T0, tierWith(TierId.T0, 0.9, 0.5));
    tiers.put(TierId.T1, tierWith(TierId.T1, 0.2, 0.25));
    ExperimentConfig config = config();

    ExperimentResult r =
        Metrics.experimentResult(
            config,
            tiers,
            Instant.parse("2026-11-27T10:00:00Z"),
            Instant.parse("2026-11-27T10:04:16Z"),
            null,
            null);

    assertThat(r.bestOverallTier()).isEqualTo(TierId.T0);
    assertThat(r.bestOverallSubtest()).isEqualTo("01");
    assertThat(r.frontierCop()).isCloseTo(0.5, within(EPS));
    assertThat(r.totalCost()).isCloseTo(0.75, within(EPS));
    assertThat(r.totalDurationSeconds()).isEqualTo(256.0);
    assertThat(r.totalJudgeCost()).isCloseTo(0.02, within(EPS));
  }

  // ------------------------------------------------------------ helpers

  static ExperimentConfig config() {
    return new ExperimentConfig(
        "exp",
        "/repo",
        null,
        "/p.md",
        null,
        List.of("m"),
        1,
        List.of(TierId.T0),
        List.of("j"),
        1,
        60,
        null,
        null,
        null,
        null,
        null);
  }

  /** A tier whose only sub-test "01" has one run of the given score and cost. */
  static TierResult tierWith(TierId tier, double score, double cost) {
    return Metrics.tierResult(
        tier,
        List.of(Metrics.summarize(tier, "01", List.of(run(1, score, cost, 10)), null)),
        List.of());
  }

  static SubTestResult sub(String id, double median, long tokens) {
    return Metrics.summarize(TierId.T0, id, List.of(run(1, median, 0.1, tokens)), null);
  }

  static JudgeResult judge(int n, double score, boolean passed) {
    return new JudgeResult(
        "judge-" + n,
        score,
        passed,
        Grades.of(score),
        "reason " + n,
        n,
        Map.of(),
        true,
        null,
        0.01,
        TokenStats.ZERO,
        1.0);
  }

  static RunResult withJudgeCost(RunResult r, Double judgeCost) {
    return new RunResult(
        r.runNumber(),
        r.exitCode(),
        r.tokenStats(),
        r.costUsd(),
        r.durationSeconds(),
        r.agentDurationSeconds(),
        r.judgeDurationSeconds(),
        r.judgeScore(),
        r.judgePassed(),
        r.judgeGrade(),
        r.judgeReasoning(),
        r.judges(),
        r.workspacePath(),
        r.logsPath(),
        r.commandLogPath(),
        r.criteriaScores(),
        judgeCost,
        r.error());
  }

  static RunResult run(int n, Double score, Double cost, long outputTokens) {
    boolean passed = score != null && Grades.passes(score, 0.6);
    List<JudgeResult> judges = new ArrayList<>();
    if (score != null) {
      judges.add(judge(1, score, passed));
    }
    return new RunResult(
        n,
        0,
        new TokenStats(0, outputTokens, 0, 0),
        cost,
        20.0,
        15.0,
        5.0,
        score,
        passed,
        score == null ? null : Grades.of(score),
        "",
        judges,
        "/w",
        "/l",
        null,
        Map.of(),
        0.01,
        null);
  }
}
