package dev.scylla.core.internal.report;

import dev.scylla.core.internal.metrics.BestVsRunnerUp;
import dev.scylla.core.internal.metrics.Consensus;
import dev.scylla.core.internal.metrics.Statistics;
import dev.scylla.core.internal.metrics.SubTestStatistics;
import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierResult;
import dev.scylla.core.results.ResultFiles;
import dev.scylla.core.results.ResultsLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the result and report files of an experiment, its tiers and sub-tests (layout in
 * docs/results-tree.md). Every file is written atomically.
 */
public final class ReportWriter {
  private ReportWriter() {}

  /** {@code <T>/<NN>/report.md} and {@code report.json} (the sub-test result). */
  public static void writeSubTest(Path experimentDir, SubTestResult s, double passThreshold) {
    Path dir = ResultsLayout.of(experimentDir).subTestDir(s.tierId(), s.subtestId());
    ResultFiles.writeJson(ResultsLayout.reportJsonIn(dir), s);
    StringBuilder md = new StringBuilder();
    md.append("# ").append(s.tierId().name()).append('/').append(s.subtestId()).append("\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "- Pass rate: %s\n- Mean score: %s\n- Median score: %s\n- Std dev: %s\n"
                + "- Consistency: %s\n- Mean cost: %s\n- Total cost: %s\n- Judge cost: %s\n"
                + "- Grades: %s (modal %s)\n\n",
            pct(s.passRate()),
            num(s.meanScore()),
            num(s.medianScore()),
            num(s.stdDevScore()),
            num(s.consistency()),
            Summary.money(s.meanCost()),
            Summary.money(s.totalCost()),
            Summary.money(s.totalJudgeCost()),
            s.gradeDistribution(),
            s.modalGrade() == null ? "n/a" : s.modalGrade()));
    md.append("| Run | Score | Grade | Passed | Cost | Tokens | Agent s | Judge s | Error |\n");
    md.append("|---|---|---|---|---|---|---|---|---|\n");
    for (RunResult r : s.runs()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s | %s | %s | %d | %.1f | %.1f | %s |\n",
              r.runNumber(),
              num(r.judgeScore()),
              r.judgeGrade() == null ? "n/a" : r.judgeGrade(),
              r.judgePassed() ? "yes" : "no",
              Summary.money(r.costUsd()),
              r.tokenStats().totalTokens(),
              r.agentDurationSeconds(),
              r.judgeDurationSeconds(),
              r.error() == null ? "" : r.error().replace("|", "\\|")));
    }
    ResultFiles.writeText(ResultsLayout.reportMarkdownIn(dir), md.toString());
  }

  /** {@code <T>/result.json}, {@code report.json} and {@code report.md}. */
  public static void writeTier(Path experimentDir, TierResult t, double passThreshold) {
    Path dir = ResultsLayout.of(experimentDir).tierDir(t.tierId());
    ResultFiles.writeJson(ResultsLayout.resultIn(dir), t);
    ResultFiles.writeJson(ResultsLayout.reportJsonIn(dir), tierReport(t, passThreshold));
    ResultFiles.writeText(ResultsLayout.reportMarkdownIn(dir), tierMarkdown(t, passThreshold));
  }

  /** Markdown of one tier: its line and a table of its sub-tests. */
  public static String tierMarkdown(TierResult t, double passThreshold) {
    StringBuilder md = new StringBuilder();
    md.append("# ")
        .append(t.tierId().name())
        .append(" (")
        .append(t.tierId().displayName())
        .append(")\n\n");
    md.append(Summary.tierLine(t, passThreshold)).append("\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "- Best sub-test: %s%s\n- Cost-of-Pass: %s\n- Total cost: %s\n- Judge cost: %s\n",
            t.bestSubtest() == null ? "none" : t.bestSubtest(),
            t.tiebreakerNeeded() ? " (tie-break on tokens)" : "",
            Summary.money(t.costOfPass()),
            Summary.money(t.totalCost()),
            Summary.money(t.totalJudgeCost())));
    if (!t.inheritedFrom().isEmpty()) {
      md.append("- Inherited from: ").append(String.join(", ", t.inheritedFrom())).append('\n');
    }
    md.append(
        "\n| Sub-test | Runs | Pass rate | Mean | Median | Std dev | Consistency | Mean cost | Modal grade | Best |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (SubTestResult s : t.subtestResults().values()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |\n",
              s.subtestId(),
              s.runs().size(),
              pct(s.passRate()),
              num(s.meanScore()),
              num(s.medianScore()),
              num(s.stdDevScore()),
              num(s.consistency()),
              Summary.money(s.meanCost()),
              s.modalGrade() == null ? "n/a" : s.modalGrade(),
              s.selectedAsBest() ? "yes" : ""));
    }
    md.append(statisticsMarkdown(t));
    return md.toString();
  }

  /**
   * The tier's statistics: per sub-test the passes, the pass rate's 95 % Wilson interval, pass@k
   * and Cost-of-Pass with its bootstrap interval; then best vs runner-up (Fisher's exact test).
   */
  public static String statisticsMarkdown(TierResult t) {
    StringBuilder md = new StringBuilder("\n### Statistics\n\n");
    md.append(
        "| Sub-test | Passes | Pass rate (95 % Wilson) | pass@k, k = 1… | Cost-of-Pass (95 % bootstrap) |\n");
    md.append("|---|---|---|---|---|\n");
    for (SubTestResult s : t.subtestResults().values()) {
      SubTestStatistics st = SubTestStatistics.of(s);
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d/%d | %s | %s | %s |\n",
              s.subtestId(),
              st.passes(),
              st.runs(),
              passRate(st),
              passAtK(st),
              costOfPass(st)));
    }
    md.append('\n').append(fisherLine(t)).append('\n');
    return md.toString();
  }

  /** pass@1 to pass@k, two decimals each, space-separated. */
  public static String passAtK(SubTestStatistics st) {
    return st.passAtK().stream()
        .map(v -> String.format(Locale.ROOT, "%.2f", v))
        .collect(java.util.stream.Collectors.joining(" "));
  }

  /** {@code 67% [21%, 94%]}, or {@code n/a} without runs. */
  public static String passRate(SubTestStatistics st) {
    if (st.passRateInterval() == null) {
      return "n/a";
    }
    return String.format(
        Locale.ROOT,
        "%s [%s, %s]",
        pct((double) st.passes() / st.runs()),
        pct(st.passRateInterval().lower()),
        pct(st.passRateInterval().upper()));
  }

  /** {@code $0.0300 [$0.0200, $0.0600]} ({@code ∞} for an unbounded upper end), or {@code n/a}. */
  public static String costOfPass(SubTestStatistics st) {
    if (st.costOfPass() == null) {
      return "n/a";
    }
    Statistics.Interval i = st.costOfPassInterval();
    return Summary.money(st.costOfPass())
        + " ["
        + Summary.money(i.lower())
        + ", "
        + (i.upper() == null ? "∞" : Summary.money(i.upper()))
        + "]";
  }

  /** The best-vs-runner-up sentence of a tier. */
  public static String fisherLine(TierResult t) {
    return BestVsRunnerUp.of(t)
        .map(
            f ->
                String.format(
                    Locale.ROOT,
                    "Best vs runner-up: %s (%d/%d passed) vs %s (%d/%d): Fisher's exact test p ="
                        + " %.3f, %s at α = %.2f.",
                    f.best(),
                    f.bestPasses(),
                    f.bestRuns(),
                    f.runnerUp(),
                    f.runnerUpPasses(),
                    f.runnerUpRuns(),
                    f.pValue(),
                    f.significant() ? "a significant difference" : "no significant difference",
                    Statistics.ALPHA))
        .orElse("Best vs runner-up: no runner-up to compare.");
  }

  static Map<String, Object> tierReport(TierResult t, double passThreshold) {
    Map<String, Object> m = new LinkedHashMap<>();
    SubTestResult best = t.best();
    m.put("tier_id", t.tierId().name());
    m.put("name", t.tierId().displayName());
    m.put("summary_line", Summary.tierLine(t, passThreshold));
    m.put("status", Summary.tierStatus(t, passThreshold));
    m.put("best_subtest", t.bestSubtest());
    m.put("best_subtest_score", t.bestSubtestScore());
    m.put("best_subtest_pass_rate", best == null ? null : best.passRate());
    m.put("best_subtest_mean_cost", best == null ? null : best.meanCost());
    m.put("cost_of_pass", t.costOfPass());
    m.put("tiebreaker_needed", t.tiebreakerNeeded());
    m.put("total_cost", t.totalCost());
    m.put("total_judge_cost", t.totalJudgeCost());
    m.put("subtests", t.subtestResults().size());
    m.put("runs", runCount(t));
    m.put("token_stats", t.tokenStats());
    Map<String, Object> stats = new LinkedHashMap<>();
    for (SubTestResult s : t.subtestResults().values()) {
      stats.put(s.subtestId(), SubTestStatistics.of(s));
    }
    m.put("subtest_statistics", stats);
    m.put("best_vs_runner_up", BestVsRunnerUp.of(t).orElse(null));
    m.put("alpha", Statistics.ALPHA);
    return m;
  }

  private static int runCount(TierResult t) {
    return t.subtestResults().values().stream().mapToInt(s -> s.runs().size()).sum();
  }

  /**
   * {@code result.json}, {@code tier_comparison.json}, {@code report.json}, {@code report.md},
   * {@code runs.csv} and {@code report.html}.
   */
  public static void writeExperiment(Path experimentDir, ExperimentResult r, double passThreshold) {
    ResultsLayout layout = ResultsLayout.of(experimentDir);
    ResultFiles.writeJson(layout.result(), r);
    Map<String, Object> comparison = comparison(r, passThreshold);
    ResultFiles.writeJson(layout.tierComparison(), comparison);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("experiment_id", r.config().experimentId());
    report.put("summary_lines", Summary.lines(r, passThreshold));
    report.putAll(comparison);
    ResultFiles.writeJson(layout.reportJson(), report);
    ResultFiles.writeText(layout.reportMarkdown(), markdown(r, passThreshold));
    ResultFiles.writeText(layout.runsCsv(), CsvReport.of(r));
    String status =
        r.completedAt() == null ? "running" : r.stopReason() == null ? "completed" : r.stopReason();
    ResultFiles.writeText(
        layout.reportHtml(), HtmlReport.of(layout.dir(), r, passThreshold, status));
  }

  /** The per-tier comparison: pass threshold, best tier, frontier CoP and one row per tier. */
  public static Map<String, Object> comparison(ExperimentResult r, double passThreshold) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pass_threshold", passThreshold);
    m.put("best_overall_tier", r.bestOverallTier() == null ? null : r.bestOverallTier().name());
    m.put("best_overall_subtest", r.bestOverallSubtest());
    m.put("frontier_cop", r.frontierCop());
    m.put("stop_reason", r.stopReason());
    m.put("verdicts_contradicting_score", Consensus.contradictions(r));
    m.put("verdicts_passed_from_score", Consensus.passedFromScore(r));
    List<Map<String, Object>> tiers = new ArrayList<>();
    for (TierResult t : r.tierResults().values()) {
      tiers.add(tierReport(t, passThreshold));
    }
    m.put("tiers", tiers);
    return m;
  }

  /** The experiment's Markdown report: summary and the per-tier table. */
  public static String markdown(ExperimentResult r, double passThreshold) {
    StringBuilder md = new StringBuilder();
    md.append("# Experiment ").append(r.config().experimentId()).append("\n\n");
    md.append("```\n");
    Summary.lines(r, passThreshold).forEach(l -> md.append(l).append('\n'));
    md.append("```\n\n");
    md.append(
        "| Tier | Name | Result | Best sub-test | Median score | Pass rate | Mean cost | CoP | Runs |\n");
    md.append("|---|---|---|---|---|---|---|---|---|\n");
    for (TierResult t : r.tierResults().values()) {
      SubTestResult best = t.best();
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s | %s | %s | %d |\n",
              t.tierId().name(),
              t.tierId().displayName(),
              Summary.tierStatus(t, passThreshold),
              t.bestSubtest() == null ? "none" : t.bestSubtest(),
              num(t.bestSubtestScore()),
              best == null ? "n/a" : pct(best.passRate()),
              Summary.money(best == null ? null : best.meanCost()),
              Summary.money(t.costOfPass()),
              runCount(t)));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "\nJudge verdicts whose passed contradicts their score and the threshold: %d;"
                + " verdicts without passed (taken from the score): %d\n",
            Consensus.contradictions(r),
            Consensus.passedFromScore(r)));
    if (r.provenance() != null) {
      md.append("\n## Provenance\n\n");
      md.append("- Scylla: ").append(orNa(r.provenance().scyllaVersion())).append('\n');
      md.append("- Runner image: ")
          .append(orNa(r.provenance().runnerImageId()))
          .append(" (hash ")
          .append(orNa(r.provenance().runnerImageHash()))
          .append(")\n");
      md.append("- Claude Code: ").append(orNa(r.provenance().claudeCodeVersion())).append('\n');
      md.append("- Agent models: ")
          .append(String.join(", ", r.provenance().agentModels()))
          .append('\n');
      md.append("- Judge models: ")
          .append(String.join(", ", r.provenance().judgeModels()))
          .append('\n');
    }
    return md.toString();
  }

  private static String orNa(String s) {
    return s == null ? "n/a" : s;
  }

  /** A score with three decimals, or {@code n/a}. */
  public static String num(Double d) {
    return d == null ? "n/a" : String.format(Locale.ROOT, "%.3f", d);
  }

  /** A fraction as a whole percentage, {@code 67%}. */
  public static String pct(double d) {
    return String.format(Locale.ROOT, "%.0f%%", d * 100);
  }
}
