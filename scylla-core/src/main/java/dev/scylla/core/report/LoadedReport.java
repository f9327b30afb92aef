package dev.scylla.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.internal.report.CsvReport;
import dev.scylla.core.internal.report.HtmlReport;
import dev.scylla.core.internal.report.ReportWriter;
import dev.scylla.core.internal.report.Summary;
import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.model.TierResult;
import dev.scylla.core.results.CheckpointStatus;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An experiment read back from its results folder.
 *
 * @param experimentDir the experiment's folder
 * @param result its result (rebuilt from the runs when the experiment never wrote one)
 * @param passThreshold the rubric's pass threshold
 * @param checkpointStatus the checkpoint's status, or null when the folder has no readable
 *     checkpoint
 */
public record LoadedReport(
    Path experimentDir,
    ExperimentResult result,
    double passThreshold,
    CheckpointStatus checkpointStatus) {

  /** The status as written in the checkpoint, or {@code unknown}. */
  public String statusText() {
    return checkpointStatus == null ? "unknown" : checkpointStatus.json();
  }

  /** The summary lines, as printed at the end of the experiment. */
  public List<String> summaryLines() {
    return Summary.lines(result, passThreshold);
  }

  /** Summary and per-tier table as Markdown. */
  public String markdown() {
    StringBuilder md = new StringBuilder(ReportWriter.markdown(result, passThreshold));
    md.append("\nStatus: ").append(statusText()).append('\n');
    for (TierResult t : result.tierResults().values()) {
      md.append('\n').append(ReportWriter.tierMarkdown(t, passThreshold));
    }
    return md.toString();
  }

  /** The self-contained HTML report (see {@link HtmlReport}). */
  public String html() {
    return HtmlReport.of(experimentDir, result, passThreshold, statusText());
  }

  /** One row per run as CSV (see {@link CsvReport}). */
  public String csv() {
    return CsvReport.of(result);
  }

  /** Summary lines and per-tier rows as JSON. */
  public String json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("experiment_id", result.config().experimentId());
    m.put("experiment_dir", experimentDir.toString());
    m.put("status", statusText());
    m.put("summary_lines", summaryLines());
    m.putAll(ReportWriter.comparison(result, passThreshold));
    try {
      return ScyllaJson.mapper().writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
