package dev.scylla.core.internal.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.internal.judge.CheckResult;
import dev.scylla.core.internal.judge.PipelineResult;
import dev.scylla.core.internal.metrics.Statistics;
import dev.scylla.core.internal.metrics.SubTestStatistics;
import dev.scylla.core.model.CriterionScore;
import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.model.JudgeResult;
import dev.scylla.core.model.Provenance;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierResult;
import dev.scylla.core.model.TokenStats;
import dev.scylla.core.results.ResultFiles;
import dev.scylla.core.results.ResultsLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The experiment's {@code report.html}: one self-contained file (inline CSS, JavaScript and SVG;
 * nothing from the network) with the summary, a cost-vs-score chart of every sub-test with the
 * Pareto frontier (overall and per tier), per-tier tables with the statistics, a drill-down of
 * every run (judges' verdicts and reasoning, cost, tokens, durations, error, the automatic checks
 * before and after the agent side by side, diff, transcript) and the provenance. Every piece of
 * text that comes from a run is HTML-escaped.
 *
 * <p>Size bound: a run's diff and transcript are embedded while each file is at most {@link
 * #MAX_EMBEDDED_FILE_BYTES} and all embedded files together stay within {@link
 * #MAX_EMBEDDED_TOTAL_BYTES}; past that the report links to the file by its path relative to the
 * experiment folder (the report sits at its root).
 *
 * <p>Longer than the project's ~400 lines on purpose: it is the page's template, written section by
 * section in the order the page shows them, so that the whole page reads top to bottom in one file
 * (its CSS and script are resources beside it).
 */
public final class HtmlReport {
  /** The largest diff or transcript file embedded in the report. */
  public static final long MAX_EMBEDDED_FILE_BYTES = 256 * 1024;

  /** The most bytes of diffs and transcripts embedded in one report. */
  public static final long MAX_EMBEDDED_TOTAL_BYTES = 8 * 1024 * 1024;

  private static final Escaper HTML = HtmlEscapers.htmlEscaper();
  private static final String CSS = resource("report.css");
  private static final String JS = resource("report.js");

  private final Path dir;
  private final ResultsLayout layout;
  private final ExperimentResult r;
  private final double passThreshold;
  private final String status;
  private final PipelineResult baseline;
  private long embedded;
  private final StringBuilder out = new StringBuilder(64 * 1024);

  private HtmlReport(Path dir, ExperimentResult r, double passThreshold, String status) {
    this.dir = dir;
    this.layout = ResultsLayout.of(dir);
    this.r = r;
    this.passThreshold = passThreshold;
    this.status = status;
    this.baseline = pipeline(layout.pipelineBaseline());
  }

  /**
   * The report of the experiment in {@code experimentDir}: its result, the rubric's pass threshold
   * and the checkpoint status ({@code completed}, {@code interrupted}…). Reads each run's diff and
   * transcript from the folder when present.
   */
  public static String of(
      Path experimentDir, ExperimentResult result, double passThreshold, String status) {
    return new HtmlReport(experimentDir.toAbsolutePath().normalize(), result, passThreshold, status)
        .render();
  }

  private String render() {
    String id = r.config().experimentId();
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';")
        .append(" style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">")
        .append("<title>Scylla report: ")
        .append(esc(id))
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body>\n");
    out.append("<header><h1>Experiment ")
        .append(esc(id))
        .append("</h1><p class=\"status\">Status: ")
        .append(esc(status))
        .append(" · task ")
        .append(esc(r.config().taskRepo()))
        .append(r.config().taskCommit() == null ? "" : " @ " + esc(r.config().taskCommit()))
        .append("</p></header>\n");
    summary();
    charts();
    for (TierResult t : r.tierResults().values()) {
      tier(t);
    }
    provenance();
    out.append("<script type=\"application/json\" id=\"report-data\">")
        .append(chartData())
        .append("</script>\n<script>")
        .append(JS)
        .append("</script>\n</body></html>\n");
    return out.toString();
  }

  private void summary() {
    out.append("<section id=\"summary\"><h2>Summary</h2><pre class=\"summary\">");
    for (String line : Summary.lines(r, passThreshold)) {
      out.append(esc(line)).append('\n');
    }
    out.append("</pre></section>\n");
  }

  private void charts() {
    out.append("<section id=\"charts\"><h2>Cost vs score</h2>")
        .append("<p class=\"note\">Each point is a sub-test: x its mean agent cost per run, y its")
        .append(" median score, area its pass rate. The line joins the Pareto frontier (no other")
        .append(" sub-test is both cheaper and better); a ring marks the best sub-test of a tier,")
        .append(" a star the overall best (lowest Cost-of-Pass). Sub-tests without a known cost or")
        .append(" a score are not plotted. Click a point to open its runs.</p>");
    out.append(
        "<figure class=\"chart\" data-scope=\"all\"><figcaption>All tiers</figcaption></figure>");
    for (TierResult t : r.tierResults().values()) {
      out.append("<figure class=\"chart\" data-scope=\"")
          .append(t.tierId().name())
          .append("\"><figcaption>")
          .append(t.tierId().name())
          .append(" (")
          .append(esc(t.tierId().displayName()))
          .append(")</figcaption></figure>");
    }
    out.append("</section>\n");
  }

  private void tier(TierResult t) {
    String tier = t.tierId().name();
    out.append("<section class=\"tier\" id=\"tier-")
        .append(tier)
        .append("\"><h2>")
        .append(tier)
        .append(" (")
        .append(esc(t.tierId().displayName()))
        .append(")</h2><p class=\"tier-line\">")
        .append(esc(Summary.tierLine(t, passThreshold)))
        .append("</p><p>Cost-of-Pass: ")
        .append(esc(Summary.money(t.costOfPass())))
        .append(" · total cost ")
        .append(esc(Summary.money(t.totalCost())))
        .append(" · judge cost ")
        .append(esc(Summary.money(t.totalJudgeCost())))
        .append(" · tokens: ")
        .append(esc(Summary.tokens(t.tokenStats())))
        .append("</p>");
    out.append("<table class=\"subtests\"><thead><tr><th>Sub-test</th><th>Runs</th>")
        .append("<th>Pass rate [95 % Wilson]</th><th>pass@k, k = 1…</th><th>Median</th>")
        .append("<th>Mean</th><th>Std dev</th><th>Consistency</th><th>Mean cost</th>")
        .append("<th>Cost-of-Pass [95 % bootstrap]</th><th>Modal grade</th><th>Best</th>")
        .append("</tr></thead><tbody>");
    for (SubTestResult s : t.subtestResults().values()) {
      SubTestStatistics st = SubTestStatistics.of(s);
      out.append("<tr")
          .append(s.selectedAsBest() ? " class=\"best\"" : "")
          .append("><td><a href=\"#sub-")
          .append(tier)
          .append('-')
          .append(esc(s.subtestId()))
          .append("\">")
          .append(esc(s.subtestId()))
          .append("</a></td><td>")
          .append(st.passes())
          .append('/')
          .append(st.runs())
          .append("</td><td>")
          .append(esc(ReportWriter.passRate(st)))
          .append("</td><td>")
          .append(ReportWriter.passAtK(st))
          .append("</td><td>")
          .append(ReportWriter.num(s.medianScore()))
          .append("</td><td>")
          .append(ReportWriter.num(s.meanScore()))
          .append("</td><td>")
          .append(ReportWriter.num(s.stdDevScore()))
          .append("</td><td>")
          .append(ReportWriter.num(s.consistency()))
          .append("</td><td>")
          .append(esc(Summary.money(s.meanCost())))
          .append("</td><td>")
          .append(esc(ReportWriter.costOfPass(st)))
          .append("</td><td>")
          .append(s.modalGrade() == null ? "n/a" : s.modalGrade().name())
          .append("</td><td>")
          .append(s.selectedAsBest() ? "best" : "")
          .append("</td></tr>");
    }
    out.append("</tbody></table><p class=\"fisher\">")
        .append(esc(ReportWriter.fisherLine(t)))
        .append("</p>");
    for (SubTestResult s : t.subtestResults().values()) {
      subTest(t, s);
    }
    out.append("</section>\n");
  }

  private void subTest(TierResult t, SubTestResult s) {
    String tier = t.tierId().name();
    out.append("<details class=\"subtest\" id=\"sub-")
        .append(tier)
        .append('-')
        .append(esc(s.subtestId()))
        .append("\"><summary>")
        .append(tier)
        .append('/')
        .append(esc(s.subtestId()))
        .append(": ")
        .append(s.runs().size())
        .append(s.runs().size() == 1 ? " run, pass rate " : " runs, pass rate ")
        .append(ReportWriter.pct(s.passRate()))
        .append(", median ")
        .append(ReportWriter.num(s.medianScore()))
        .append(s.selectedAsBest() ? " (best of " + tier + ")" : "")
        .append("</summary>");
    if (s.selectionReason() != null) {
      out.append("<p class=\"note\">").append(esc(s.selectionReason())).append("</p>");
    }
    out.append("<table class=\"runs\"><thead><tr><th>Run</th><th>Score</th><th>Grade</th>")
        .append("<th>Passed</th><th>Cost</th><th>Judge cost</th><th>Tokens fresh / cached / out")
        .append(" / cache created</th><th>Agent s</th><th>Judge s</th><th>Error kind</th>")
        .append("<th>Error</th></tr></thead><tbody>");
    for (RunResult run : s.runs()) {
      TokenStats k = run.tokenStats();
      out.append("<tr class=\"")
          .append(run.judgePassed() ? "pass" : "fail")
          .append("\"><td><a href=\"#")
          .append(runId(tier, s.subtestId(), run.runNumber()))
          .append("\">")
          .append(run.runNumber())
          .append("</a></td><td>")
          .append(ReportWriter.num(run.judgeScore()))
          .append("</td><td>")
          .append(run.judgeGrade() == null ? "n/a" : run.judgeGrade().name())
          .append("</td><td>")
          .append(run.judgePassed() ? "yes" : "no")
          .append("</td><td>")
          .append(esc(Summary.money(run.costUsd())))
          .append("</td><td>")
          .append(esc(Summary.money(run.judgeCostUsd())))
          .append("</td><td>")
          .append(k.inputTokens())
          .append(" / ")
          .append(k.cacheReadTokens())
          .append(" / ")
          .append(k.outputTokens())
          .append(" / ")
          .append(k.cacheCreationTokens())
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.1f", run.agentDurationSeconds()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.1f", run.judgeDurationSeconds()))
          .append("</td><td>")
          .append(esc(ErrorKind.of(run)))
          .append("</td><td>")
          .append(run.error() == null ? "" : esc(run.error()))
          .append("</td></tr>");
    }
    out.append("</tbody></table>");
    for (RunResult run : s.runs()) {
      run(t, s, run);
    }
    out.append("</details>\n");
  }

  private void run(TierResult t, SubTestResult s, RunResult run) {
    String tier = t.tierId().name();
    ResultsLayout.Run files = layout.run(t.tierId(), s.subtestId(), run.runNumber());
    out.append("<details class=\"run\" id=\"")
        .append(runId(tier, s.subtestId(), run.runNumber()))
        .append("\"><summary>Run ")
        .append(run.runNumber())
        .append(": ")
        .append(run.judgePassed() ? "passed" : "not passed")
        .append(", score ")
        .append(ReportWriter.num(run.judgeScore()))
        .append("</summary><div class=\"run-body\">");
    out.append("<p class=\"files\">Files: ")
        .append(link(files.result(), "run_result.json"))
        .append(" · ")
        .append(link(files.agentOutput(), "agent output"))
        .append(" · ")
        .append(link(files.judgePrompt(), "judge prompt"))
        .append(" · ")
        .append(link(files.workspace(), "workspace"))
        .append("</p>");
    out.append("<h4>Judges</h4>");
    if (run.judges().isEmpty()) {
      out.append("<p>No judge verdict.</p>");
    }
    for (JudgeResult j : run.judges()) {
      judge(j);
    }
    out.append("<h4>Consensus reasoning</h4><pre class=\"reasoning\">")
        .append(esc(run.judgeReasoning()))
        .append("</pre>");
    checks(files);
    embedFile("Diff", "diff", files.judgeDiff(), false);
    embedFile("Transcript", "transcript", files.agentTranscript(), true);
    out.append("</div></details>\n");
  }

  /** The run's automatic checks beside the experiment's checks before the agent. */
  private void checks(ResultsLayout.Run files) {
    PipelineResult after = pipeline(files.judgePipeline());
    if (after == null && baseline == null) {
      return;
    }
    out.append("<h4>Automatic checks</h4>");
    if (baseline == null) {
      out.append("<p class=\"note\">No checks before the agent were recorded for this")
          .append(" experiment.</p>");
    } else if (baseline.notRunReason() != null) {
      out.append("<p class=\"note\">The checks before the agent could not be run: ")
          .append(esc(baseline.notRunReason()))
          .append("</p>");
    }
    List<String> names = new ArrayList<>();
    for (PipelineResult p : new PipelineResult[] {baseline, after}) {
      if (p != null) {
        p.checks().stream()
            .map(CheckResult::name)
            .filter(n -> !names.contains(n))
            .forEach(names::add);
      }
    }
    if (names.isEmpty()) {
      return;
    }
    out.append("<table class=\"checks\"><thead><tr><th>Check</th><th>Before the agent</th>")
        .append("<th>After the agent</th></tr></thead><tbody>");
    for (String name : names) {
      out.append("<tr><td>").append(esc(name)).append("</td>");
      checkCell(baseline == null ? null : baseline.check(name));
      checkCell(after == null ? null : after.check(name));
      out.append("</tr>");
    }
    out.append("</tbody></table>");
  }

  private void checkCell(CheckResult c) {
    if (c == null) {
      out.append("<td class=\"check-na\">not run</td>");
      return;
    }
    String cls = c.failed() ? "check-fail" : c.notApplicable() ? "check-na" : "check-pass";
    out.append("<td class=\"").append(cls).append("\">");
    long size = c.output().length();
    if (c.output().isBlank()) {
      out.append(esc(c.status()));
    } else if (embedded + size > MAX_EMBEDDED_TOTAL_BYTES) {
      out.append(esc(c.status())).append(" (output beyond the report's size bound)");
    } else {
      embedded += size;
      out.append("<details><summary>")
          .append(esc(c.status()))
          .append("</summary><pre>")
          .append(esc(c.output()))
          .append("</pre></details>");
    }
    out.append("</td>");
  }

  /** The checks saved in {@code file}, or null when there are none (or they cannot be read). */
  private static PipelineResult pipeline(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return ResultFiles.readJson(file, PipelineResult.class);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void judge(JudgeResult j) {
    out.append("<div class=\"judge\"><p><b>Judge ")
        .append(j.judgeNumber())
        .append("</b> ")
        .append(esc(j.model()))
        .append(": ");
    if (j.valid()) {
      out.append("score ")
          .append(ReportWriter.num(j.score()))
          .append(", grade ")
          .append(j.grade() == null ? "n/a" : j.grade().name())
          .append(", ")
          .append(j.passed() ? "passed" : "not passed");
      if (j.contradictsScore()) {
        out.append(" <span class=\"error\">(its verdict contradicts its score and the")
            .append(" rubric's threshold)</span>");
      }
    } else {
      out.append("<span class=\"error\">no valid verdict: ")
          .append(esc(Objects.requireNonNullElse(j.error(), "")))
          .append("</span>");
    }
    out.append(" · cost ").append(esc(Summary.money(j.costUsd()))).append("</p>");
    if (!j.reasoning().isEmpty()) {
      out.append("<pre class=\"reasoning\">").append(esc(j.reasoning())).append("</pre>");
    }
    if (!j.criteriaScores().isEmpty()) {
      out.append("<table class=\"criteria\"><thead><tr><th>Criterion</th><th>Score</th>")
          .append("<th>Explanation</th></tr></thead><tbody>");
      for (Map.Entry<String, CriterionScore> c : j.criteriaScores().entrySet()) {
        out.append("<tr><td>")
            .append(esc(c.getKey()))
            .append("</td><td>")
            .append(ReportWriter.num(c.getValue().score()))
            .append("</td><td>")
            .append(esc(Objects.requireNonNullElse(c.getValue().explanation(), "")))
            .append("</td></tr>");
      }
      out.append("</tbody></table>");
    }
    out.append("</div>");
  }

  /** Embeds a run's file (collapsed) within the size bound, else links to it. */
  private void embedFile(String title, String cls, Path file, boolean transcript) {
    if (!Files.isRegularFile(file)) {
      return;
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      size = Long.MAX_VALUE;
    }
    if (size > MAX_EMBEDDED_FILE_BYTES || embedded + size > MAX_EMBEDDED_TOTAL_BYTES) {
      out.append("<p class=\"linked ")
          .append(cls)
          .append("\">")
          .append(esc(title))
          .append(" (")
          .append(size == Long.MAX_VALUE ? "?" : Long.toString(size))
          .append(" bytes, beyond the report's size bound): ")
          .append(link(file, relative(file)))
          .append("</p>");
      return;
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | UncheckedIOException e) {
      out.append("<p class=\"linked ").append(cls).append("\">").append(esc(title));
      out.append(" unreadable: ").append(link(file, relative(file))).append("</p>");
      return;
    }
    embedded += size;
    out.append("<details class=\"").append(cls).append("\"><summary>").append(esc(title));
    if (transcript) {
      Transcripts.Rendered rendered = Transcripts.render(text);
      out.append(" (")
          .append(rendered.events())
          .append(" events)</summary>")
          .append(rendered.html());
    } else {
      out.append(" (")
          .append(text.lines().count())
          .append(" lines)</summary><pre>")
          .append(esc(text))
          .append("</pre>");
    }
    out.append("<p class=\"files\">").append(link(file, relative(file))).append("</p></details>");
  }

  private void provenance() {
    Provenance p = r.provenance();
    out.append("<section id=\"provenance\"><h2>Provenance</h2><dl>");
    if (p != null) {
      dt("Scylla", p.scyllaVersion());
      dt("Runner image", p.runnerImageId());
      dt("Runner image hash", p.runnerImageHash());
      dt("Claude Code", p.claudeCodeVersion());
      dt("Agent models", String.join(", ", p.agentModels()));
      dt("Judge models", String.join(", ", p.judgeModels()));
      dt("Login", p.login());
    }
    dt(
        "Judge prompt",
        "each run's judge/prompt.md (linked in its drill-down); the fixture: "
            + r.config().tiersDir());
    dt("Started", String.valueOf(r.startedAt()));
    dt("Completed", String.valueOf(r.completedAt()));
    dt(
        "Statistics",
        "95 % Wilson intervals, unbiased pass@k, bootstrap Cost-of-Pass ("
            + Statistics.BOOTSTRAP_RESAMPLES
            + " resamples, seed "
            + Statistics.BOOTSTRAP_SEED
            + "), Fisher's exact test at α = "
            + Statistics.ALPHA);
    out.append("</dl></section>\n");
  }

  private void dt(String term, String value) {
    out.append("<dt>")
        .append(esc(term))
        .append("</dt><dd>")
        .append(value == null || value.isEmpty() ? "n/a" : esc(value))
        .append("</dd>");
  }

  /** The chart's data: one point per sub-test, with the frontier and best flags computed here. */
  private String chartData() {
    List<Map<String, Object>> points = new ArrayList<>();
    List<double[]> all = new ArrayList<>();
    List<Map<String, Object>> plotted = new ArrayList<>();
    for (TierResult t : r.tierResults().values()) {
      List<double[]> tierXy = new ArrayList<>();
      List<Map<String, Object>> tierPoints = new ArrayList<>();
      for (SubTestResult s : t.subtestResults().values()) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tier", t.tierId().name());
        p.put("subtest", s.subtestId());
        p.put("cost", s.meanCost());
        p.put("score", s.medianScore());
        p.put("pass_rate", s.passRate());
        p.put("runs", s.runs().size());
        p.put("cost_of_pass", dev.scylla.core.internal.metrics.Metrics.costOfPass(s));
        p.put("best_in_tier", s.selectedAsBest());
        p.put(
            "best_overall",
            t.tierId() == r.bestOverallTier() && s.subtestId().equals(r.bestOverallSubtest()));
        p.put("frontier_tier", false);
        p.put("frontier_all", false);
        points.add(p);
        if (s.meanCost() != null && s.medianScore() != null) {
          tierXy.add(new double[] {s.meanCost(), s.medianScore()});
          tierPoints.add(p);
        }
      }
      boolean[] f = pareto(tierXy);
      for (int i = 0; i < f.length; i++) {
        tierPoints.get(i).put("frontier_tier", f[i]);
      }
      all.addAll(tierXy);
      plotted.addAll(tierPoints);
    }
    boolean[] f = pareto(all);
    for (int i = 0; i < f.length; i++) {
      plotted.get(i).put("frontier_all", f[i]);
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("points", points);
    data.put("tiers", r.tierResults().keySet().stream().map(Enum::name).toList());
    try {
      // Inside a script element "</script>" or "<!--" would end it early: escape < > & in strings
      // (they occur nowhere else in JSON).
      return ScyllaJson.mapper()
          .writeValueAsString(data)
          .replace("<", "\\u003c")
          .replace(">", "\\u003e")
          .replace("&", "\\u0026");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Which of the points (x = cost, lower is better; y = score, higher is better) lie on the Pareto
   * frontier: no other point is at least as cheap and at least as good, and better in one.
   */
  static boolean[] pareto(List<double[]> xy) {
    boolean[] onFrontier = new boolean[xy.size()];
    for (int i = 0; i < xy.size(); i++) {
      double[] a = xy.get(i);
      boolean dominated = false;
      for (int j = 0; j < xy.size() && !dominated; j++) {
        double[] b = xy.get(j);
        dominated = j != i && b[0] <= a[0] && b[1] >= a[1] && (b[0] < a[0] || b[1] > a[1]);
      }
      onFrontier[i] = !dominated;
    }
    return onFrontier;
  }

  private static String runId(String tier, String subtest, int run) {
    return "run-" + tier + "-" + esc(subtest) + "-" + run;
  }

  private String relative(Path file) {
    return dir.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  private String link(Path file, String label) {
    return "<a href=\"" + esc(relative(file)) + "\">" + esc(label) + "</a>";
  }

  private static String esc(String s) {
    return s == null ? "" : HTML.escape(s);
  }

  /** The report's style sheet, shared with the comparison page. */
  public static String css() {
    return CSS;
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
