package dev.scylla.core.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.core.internal.judge.CheckResult;
import dev.scylla.core.internal.judge.PipelineResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.results.ResultFiles;
import dev.scylla.core.results.ResultsLayout;
import dev.scylla.core.testing.ReportSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html without a browser: escaping, the size bound, the frontier, nothing remote. */
class HtmlReportTest {
  @TempDir Path dir;

  @Test
  void pareto_keepsThePointsNoOtherBeatsOnBothCostAndScore() {
    boolean[] f =
        HtmlReport.pareto(
            List.of(
                new double[] {0.01, 0.5}, // cheapest
                new double[] {0.02, 0.9}, // best score
                new double[] {0.03, 0.9}, // as good as the one before, dearer: dominated
                new double[] {0.02, 0.6}, // same cost as the second, worse: dominated
                new double[] {0.015, 0.7})); // between the first two: on the frontier

    assertThat(f).containsExactly(true, true, false, false, true);
  }

  @Test
  void html_escapesRunTextAndLoadsNothingFromTheNetwork() {
    String html = HtmlReport.of(dir, ReportSamples.standard(), 0.6, "completed");

    assertThat(html).contains("judge says &lt;b&gt;fine&lt;/b&gt; &amp; &quot;ok&quot;");
    assertThat(html).doesNotContain("<b>fine</b>");
    assertThat(html).contains("said &quot;no&quot;, then\nstopped");
    assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//");
    assertThat(html).contains("Content-Security-Policy\" content=\"default-src 'none';");
    assertThat(html).contains("Fisher&#39;s exact test p = 0.400");
  }

  @Test
  void html_embedsSmallFilesAndLinksThosePastTheBound() throws Exception {
    ResultsLayout.Run run1 = ResultsLayout.of(dir).run(TierId.T0, "00", 1);
    ResultsLayout.Run run2 = ResultsLayout.of(dir).run(TierId.T0, "00", 2);
    Files.createDirectories(run1.judgeDir());
    Files.createDirectories(run2.agentDir());
    Files.writeString(run1.judgeDiff(), "+print('<hi>')\n");
    Files.writeString(
        run2.agentTranscript(),
        "{\"type\":\"result\",\"result\":\""
            + "x".repeat((int) HtmlReport.MAX_EMBEDDED_FILE_BYTES)
            + "\"}\n");

    String html = HtmlReport.of(dir, ReportSamples.standard(), 0.6, "completed");

    assertThat(html)
        .contains(
            "<details class=\"diff\"><summary>Diff (1 lines)</summary><pre>+print(&#39;&lt;hi&gt;&#39;)");
    assertThat(html)
        .contains(
            "beyond the report's size bound): <a href=\"T0/00/run_02/agent/transcript.jsonl\">");
    assertThat(html).doesNotContain("x".repeat(1000));
  }

  @Test
  void chartData_flagsFrontierAndBestPerTierAndOverall() {
    String html = HtmlReport.of(dir, ReportSamples.standard(), 0.6, "completed");
    String data =
        html.substring(
            html.indexOf("id=\"report-data\">"),
            html.indexOf("</script>", html.indexOf("id=\"report-data\">")));

    // T0/00 ($0.02, 0.9), T0/01 (cost unknown: not plotted), T1/00 ($0.05, 0.8): overall, T1/00
    // is dearer and worse than T0/00, so only T0/00 is on the frontier of all tiers.
    assertThat(data).contains("\"tier\" : \"T0\",\n    \"subtest\" : \"00\"");
    assertThat(data.replaceAll("\\s", ""))
        .contains("\"tier\":\"T0\",\"subtest\":\"00\",\"cost\":0.02,\"score\":0.9")
        .contains(
            "\"best_in_tier\":true,\"best_overall\":true,\"frontier_tier\":true,\"frontier_all\":true")
        .contains("\"tier\":\"T1\",\"subtest\":\"00\",\"cost\":0.05,\"score\":0.8")
        .contains(
            "\"best_in_tier\":true,\"best_overall\":false,\"frontier_tier\":true,\"frontier_all\":false");
    assertThat(data).doesNotContain("<");
  }

  @Test
  void runDrillDown_showsTheChecksBeforeAndAfterTheAgentSideBySide() throws Exception {
    ResultsLayout layout = ResultsLayout.of(dir);
    ResultFiles.writeJson(
        layout.pipelineBaseline(),
        PipelineResult.of(
            "python",
            List.of(
                new CheckResult("ruff check .", "PASS", ""),
                new CheckResult("pytest", "FAIL (exit 1)", "FAILED test_a.py::<t>"))));
    ResultFiles.writeJson(
        layout.run(TierId.T0, "00", 1).judgePipeline(),
        PipelineResult.of(
            "python",
            List.of(
                new CheckResult("python3 -m compileall", "PASS", ""),
                new CheckResult("ruff check .", "FAIL (exit 1)", "F401"),
                new CheckResult("pytest", "PASS", "1 passed"))));

    String html = HtmlReport.of(dir, ReportSamples.standard(), 0.6, "completed");

    String run1 = html.substring(html.indexOf("id=\"run-T0-00-1\""));
    String table = run1.substring(run1.indexOf("<table class=\"checks\">"));
    table = table.substring(0, table.indexOf("</table>"));
    assertThat(table)
        .contains("<th>Check</th><th>Before the agent</th><th>After the agent</th>")
        .contains(
            "<tr><td>ruff check .</td><td class=\"check-pass\">PASS</td><td class=\"check-fail\">"
                + "<details><summary>FAIL (exit 1)</summary><pre>F401</pre></details></td></tr>")
        .contains(
            "<tr><td>pytest</td><td class=\"check-fail\"><details><summary>FAIL (exit 1)</summary>"
                + "<pre>FAILED test_a.py::&lt;t&gt;</pre></details></td>")
        .contains(
            "<tr><td>python3 -m compileall</td><td class=\"check-na\">not run</td>"
                + "<td class=\"check-pass\">PASS</td></tr>");
    // A run judged before its checks were kept still shows the checks before the agent.
    String run2 = html.substring(html.indexOf("id=\"run-T0-00-2\""));
    assertThat(run2.substring(0, run2.indexOf("</details>\n")))
        .contains(
            "<tr><td>ruff check .</td><td class=\"check-pass\">PASS</td>"
                + "<td class=\"check-na\">not run</td></tr>");
  }
}
