package dev.scylla.core.internal.report;

import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;
import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.model.TierResult;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code batch_report.html}: one self-contained page (no network, no script) with a test × tier
 * matrix of pass rate and Cost-of-Pass, each cell coloured by its pass rate and linking to that
 * test's own {@code report.html}, and the suite's frontier: per tier, the pass rate and
 * Cost-of-Pass over every run of every test, the cheapest Cost-of-Pass marked.
 */
public final class BatchHtmlReport {
  private static final Escaper HTML = HtmlEscapers.htmlEscaper();

  /**
   * One test of the batch.
   *
   * @param test the test's id
   * @param state its state in the batch
   * @param reason why it was skipped or failed, or empty
   * @param experimentDir its experiment folder relative to the batch folder, or null
   * @param result its result, or null when it has none
   */
  public record Row(
      String test, String state, String reason, String experimentDir, ExperimentResult result) {}

  private BatchHtmlReport() {}

  /** The page of the batch {@code batchId} with status {@code status}. */
  public static String of(String batchId, String status, List<Row> rows) {
    TreeSet<TierId> tiers = new TreeSet<>();
    Map<TierId, double[]> suite = new EnumMap<>(TierId.class);
    for (Row r : rows) {
      if (r.result() != null) {
        for (TierResult t : r.result().tierResults().values()) {
          tiers.add(t.tierId());
          double[] acc = suite.computeIfAbsent(t.tierId(), k -> new double[3]);
          for (SubTestResult st : t.subtestResults().values()) {
            for (RunResult run : st.runs()) {
              acc[0] += run.costUsd() == null ? 0 : run.costUsd();
              acc[1] += run.judgePassed() ? 1 : 0;
              acc[2] += 1;
            }
          }
        }
      }
    }
    StringBuilder out = new StringBuilder(16 * 1024);
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Batch ")
        .append(esc(batchId))
        .append("</title><style>")
        .append(
            "body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
                + "table{border-collapse:collapse;margin:1em 0}"
                + "th,td{border:1px solid #ccc;padding:.4em .7em;text-align:center}"
                + "td.cell a{color:inherit;text-decoration:none;display:block}"
                + "td.none{color:#888;background:#f4f4f4}"
                + "tr.frontier td{font-weight:bold;outline:2px solid #2a7}"
                + ".note{color:#666}")
        .append("</style></head><body>\n");
    out.append("<h1>Batch ").append(esc(batchId)).append("</h1>\n");
    out.append("<p id=\"status\">Status: ")
        .append(esc(status))
        .append(", ")
        .append(rows.size())
        .append(" tests</p>\n");
    out.append("<h2>Tests × tiers</h2>\n<p class=\"note\">Each cell: the best sub-test's pass rate")
        .append(" and the tier's Cost-of-Pass; green is a high pass rate, red a low one.")
        .append(" A cell opens that test's report.</p>\n");
    out.append("<table id=\"matrix\"><thead><tr><th>test</th><th>state</th>");
    for (TierId t : tiers) {
      out.append("<th>").append(t.name()).append("</th>");
    }
    out.append("<th>Frontier CoP</th></tr></thead><tbody>\n");
    for (Row r : rows) {
      out.append("<tr data-test=\"")
          .append(esc(r.test()))
          .append("\"><th>")
          .append(esc(r.test()))
          .append("</th><td>")
          .append(esc(r.state()));
      if (!r.reason().isBlank()) {
        out.append("<br><span class=\"note\">").append(esc(r.reason())).append("</span>");
      }
      out.append("</td>");
      for (TierId t : tiers) {
        TierResult tier = r.result() == null ? null : r.result().tierResults().get(t);
        SubTestResult best = tier == null ? null : tier.best();
        if (best == null) {
          out.append("<td class=\"none\">–</td>");
          continue;
        }
        double rate = best.passRate();
        out.append("<td class=\"cell\" data-tier=\"")
            .append(t.name())
            .append("\" data-pass-rate=\"")
            .append(num(rate))
            .append("\" style=\"background:")
            .append(colour(rate))
            .append("\"><a href=\"")
            .append(esc(r.experimentDir() + "/report.html"))
            .append("\">")
            .append(percent(rate))
            .append("<br>CoP ")
            .append(Summary.money(tier.costOfPass()))
            .append("</a></td>");
      }
      out.append("<td>")
          .append(r.result() == null ? "n/a" : Summary.money(r.result().frontierCop()))
          .append("</td></tr>\n");
    }
    out.append("</tbody></table>\n");
    TierId frontier = frontierTier(suite) == null ? null : TierId.valueOf(frontierTier(suite));
    out.append("<h2>Suite frontier</h2>\n<p class=\"note\">Over every run of every test:")
        .append(" pass rate, and Cost-of-Pass = agent cost / passing runs. The frontier is the")
        .append(" tier with the lowest Cost-of-Pass.</p>\n");
    out.append("<table id=\"frontier\"><thead><tr><th>tier</th><th>runs</th><th>pass rate</th>")
        .append("<th>Cost-of-Pass</th></tr></thead><tbody>\n");
    for (Map.Entry<TierId, double[]> e : suite.entrySet()) {
      double[] a = e.getValue();
      Double rate = a[2] == 0 ? null : a[1] / a[2];
      Double cop = a[1] == 0 ? null : a[0] / a[1];
      out.append("<tr")
          .append(e.getKey() == frontier ? " class=\"frontier\"" : "")
          .append("><td>")
          .append(e.getKey().name())
          .append("</td><td>")
          .append((int) a[2])
          .append("</td><td style=\"background:")
          .append(rate == null ? "#f4f4f4" : colour(rate))
          .append("\">")
          .append(rate == null ? "n/a" : percent(rate))
          .append("</td><td>")
          .append(Summary.money(cop))
          .append("</td></tr>\n");
    }
    out.append("</tbody></table>\n");
    out.append("<p id=\"suite-frontier\">Suite frontier: ")
        .append(frontier == null ? "none (no run passed)" : frontier.name())
        .append("</p>\n");
    out.append("</body></html>\n");
    return out.toString();
  }

  /**
   * The tier with the lowest Cost-of-Pass over sums {@code [cost, passes, runs]} per tier, or null
   * when no run passed.
   */
  public static String frontierTier(Map<TierId, double[]> sums) {
    TierId best = null;
    double bestCop = Double.MAX_VALUE;
    for (Map.Entry<TierId, double[]> e : sums.entrySet()) {
      double[] a = e.getValue();
      if (a[1] > 0 && a[0] / a[1] < bestCop) {
        bestCop = a[0] / a[1];
        best = e.getKey();
      }
    }
    return best == null ? null : best.name();
  }

  /** Red (0) through yellow to green (1). */
  private static String colour(double passRate) {
    double r = Math.max(0, Math.min(1, passRate));
    return String.format(Locale.ROOT, "hsl(%d,70%%,80%%)", Math.round(r * 120));
  }

  private static String percent(double rate) {
    return String.format(Locale.ROOT, "%.0f%%", rate * 100);
  }

  private static String num(double d) {
    return String.format(Locale.ROOT, "%.4f", d);
  }

  private static String esc(String s) {
    return HTML.escape(s == null ? "" : s);
  }
}
