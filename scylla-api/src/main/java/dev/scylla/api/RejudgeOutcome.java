package dev.scylla.api;

import dev.scylla.core.report.LoadedReport;
import java.util.List;
import java.util.Objects;

/**
 * What judging an experiment again did.
 *
 * @param report the experiment as rebuilt afterwards
 * @param rejudged runs judged again
 * @param skipped runs skipped (no kept workspace or agent result)
 * @param history the name of the {@code judge_history/} folder the previous verdicts went to
 * @param awaiting runs no judge could give a verdict, the model's API unreachable: they keep what
 *     they had; judging again later gives them one
 */
public record RejudgeOutcome(
    LoadedReport report, int rejudged, int skipped, String history, int awaiting) {

  /** Checks for null. */
  public RejudgeOutcome {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(history, "history");
  }

  /** One line that says what was done, as {@code scylla rejudge} prints it. */
  public String describe() {
    return "Judged "
        + rejudged
        + " runs again"
        + (skipped == 0 ? "" : " (" + skipped + " without a kept workspace or agent work skipped)")
        + "; previous verdicts in each run's judge_history/"
        + history
        + "/"
        + (awaiting == 0
            ? ""
            : "; "
                + awaiting
                + " runs still await judgment: no judge could reach the model (run the same"
                + " command again)");
  }

  private static final java.util.regex.Pattern DESCRIBED =
      java.util.regex.Pattern.compile(
          "Judged (\\d+) runs again(?: \\((\\d+) without[^)]*\\))?; previous verdicts in each"
              + " run's judge_history/([^/]*)/(?:; (\\d+) runs still await.*)?");

  /**
   * The outcome a {@link #describe()} line tells, with {@code report} read back afterwards.
   *
   * @throws IllegalArgumentException when the line is not one {@link #describe()} writes
   */
  public static RejudgeOutcome parse(LoadedReport report, String line) {
    java.util.regex.Matcher m = DESCRIBED.matcher(line == null ? "" : line);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a re-judging's description: " + line);
    }
    return new RejudgeOutcome(
        report,
        Integer.parseInt(m.group(1)),
        m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
        m.group(3),
        m.group(4) == null ? 0 : Integer.parseInt(m.group(4)));
  }

  /** The summary lines of the rebuilt report. */
  public List<String> summaryLines() {
    return report.summaryLines();
  }
}
