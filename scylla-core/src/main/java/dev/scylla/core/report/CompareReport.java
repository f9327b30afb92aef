package dev.scylla.core.report;

import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;
import dev.scylla.core.internal.metrics.Statistics;
import dev.scylla.core.internal.metrics.SubTestStatistics;
import dev.scylla.core.internal.report.HtmlReport;
import dev.scylla.core.internal.report.ReportWriter;
import dev.scylla.core.internal.report.Summary;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.model.TierResult;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Experiments side by side ({@code scylla report DIR1 DIR2 …}): per tier, each experiment's best
 * sub-test, its median score, pass rate with its 95 % Wilson interval and Cost-of-Pass with its
 * bootstrap interval, and Fisher's exact test of its best sub-test's pass count against the first
 * experiment's (α = 0.05). As Markdown or as one self-contained HTML page.
 */
public final class CompareReport {
  private static final Escaper HTML = HtmlEscapers.htmlEscaper();

  private CompareReport() {}

  /** One experiment's row of one tier. */
  record Row(
      String experiment,
      String best,
      String median,
      String passRate,
      String costOfPass,
      String versusFirst) {

    /** The cells, in the order of the header. */
    List<String> cells() {
      return List.of(experiment, best, median, passRate, costOfPass, versusFirst);
    }
  }

  /** One line about an experiment: its folder, id, Frontier CoP and status. */
  private static String describe(LoadedReport r) {
    return r.experimentDir().getFileName()
        + ": "
        + r.result().config().experimentId()
        + ", Frontier CoP "
        + Summary.money(r.result().frontierCop())
        + ", "
        + r.statusText();
  }

  /** The rows of {@code tier}, one per experiment that ran it. */
  static List<Row> rows(List<LoadedReport> reports, TierId tier) {
    List<Row> rows = new ArrayList<>();
    SubTestResult first = best(reports.get(0), tier);
    SubTestStatistics fs = first == null ? null : SubTestStatistics.of(first);
    for (int i = 0; i < reports.size(); i++) {
      LoadedReport r = reports.get(i);
      String name = r.experimentDir().getFileName().toString();
      TierResult t = r.result().tierResults().get(tier);
      if (t == null) {
        rows.add(new Row(name, "not run", "", "", "", ""));
        continue;
      }
      SubTestResult b = t.best();
      if (b == null) {
        rows.add(new Row(name, "none", "n/a", "n/a", "n/a", ""));
        continue;
      }
      SubTestStatistics st = SubTestStatistics.of(b);
      String versus;
      if (i == 0) {
        versus = "baseline";
      } else if (fs == null) {
        versus = "no baseline";
      } else {
        double p = Statistics.fisherExact(st.passes(), st.runs(), fs.passes(), fs.runs());
        versus =
            String.format(
                Locale.ROOT,
                "p = %.3f, %s",
                p,
                p < Statistics.ALPHA ? "significant" : "not significant");
      }
      rows.add(
          new Row(
              name,
              b.subtestId() + " (" + st.passes() + "/" + st.runs() + " passed)",
              ReportWriter.num(b.medianScore()),
              ReportWriter.passRate(st),
              ReportWriter.costOfPass(st),
              versus));
    }
    return rows;
  }

  private static SubTestResult best(LoadedReport r, TierId tier) {
    TierResult t = r.result().tierResults().get(tier);
    return t == null ? null : t.best();
  }

  private static Set<TierId> tiers(List<LoadedReport> reports) {
    Set<TierId> tiers = EnumSet.noneOf(TierId.class);
    reports.forEach(r -> tiers.addAll(r.result().tierResults().keySet()));
    return tiers;
  }

  private static final String[] HEADER = {
    "Experiment",
    "Best sub-test",
    "Median",
    "Pass rate [95 % Wilson]",
    "Cost-of-Pass [95 % bootstrap]",
    "vs first (Fisher's exact test)"
  };

  private static String footnote() {
    return "Fisher's exact test (two-sided) of each experiment's best sub-test's pass count"
        + " against the first experiment's; significant when p < α = "
        + Statistics.ALPHA
        + ".";
  }

  /** The comparison as Markdown. */
  public static String markdown(List<LoadedReport> reports) {
    check(reports);
    StringBuilder md = new StringBuilder("# Comparison of ").append(reports.size());
    md.append(" experiments\n\n");
    for (LoadedReport r : reports) {
      md.append("- ").append(describe(r)).append('\n');
    }
    for (TierId tier : tiers(reports)) {
      md.append("\n## ")
          .append(tier.name())
          .append(" (")
          .append(tier.displayName())
          .append(")\n\n");
      md.append("| ").append(String.join(" | ", HEADER)).append(" |\n");
      md.append("|---".repeat(HEADER.length)).append("|\n");
      for (Row row : rows(reports, tier)) {
        md.append("| ").append(String.join(" | ", row.cells())).append(" |\n");
      }
    }
    md.append('\n').append(footnote()).append('\n');
    return md.toString();
  }

  /** The comparison as one self-contained HTML page (inline CSS, nothing from the network). */
  public static String html(List<LoadedReport> reports) {
    check(reports);
    StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head>");
    h.append("<meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\"")
        .append(" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
        .append("<title>Scylla comparison</title><style>")
        .append(HtmlReport.css())
        .append("</style></head><body><h1>Comparison of ")
        .append(reports.size())
        .append(" experiments</h1><ul>");
    for (LoadedReport r : reports) {
      // The joining text has nothing to escape: escaping the whole line is escaping each part.
      h.append("<li>").append(esc(describe(r))).append("</li>");
    }
    h.append("</ul>");
    for (TierId tier : tiers(reports)) {
      h.append("<section class=\"tier\" id=\"tier-")
          .append(tier.name())
          .append("\"><h2>")
          .append(tier.name())
          .append(" (")
          .append(esc(tier.displayName()))
          .append(")</h2><table class=\"compare\"><thead><tr>");
      for (String c : HEADER) {
        h.append("<th>").append(esc(c)).append("</th>");
      }
      h.append("</tr></thead><tbody>");
      for (Row row : rows(reports, tier)) {
        h.append("<tr>");
        for (String c : row.cells()) {
          h.append("<td>").append(esc(c)).append("</td>");
        }
        h.append("</tr>");
      }
      h.append("</tbody></table></section>");
    }
    h.append("<p class=\"note\">").append(esc(footnote())).append("</p></body></html>\n");
    return h.toString();
  }

  private static void check(List<LoadedReport> reports) {
    if (reports.isEmpty()) {
      throw new IllegalArgumentException("nothing to compare");
    }
  }

  private static String esc(String s) {
    return HTML.escape(s);
  }
}
