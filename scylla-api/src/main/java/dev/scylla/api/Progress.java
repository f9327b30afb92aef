package dev.scylla.api;

import dev.scylla.api.internal.ProgressLines;
import java.util.Optional;

/**
 * One progress report of a running experiment: a human line plus the counters of a live status
 * line. Both targets report the same reports; the runner container hands them to the host as
 * protocol lines ({@link #toLine()}).
 *
 * @param kind what happened: {@code started}, {@code run-started}, {@code run}, {@code tier},
 *     {@code notice}, and last {@code finished}
 * @param message the human-readable line, never empty
 * @param experimentDir the experiment's results folder, once it is known
 * @param runsDone runs finished so far, reused ones included
 * @param runsTotal runs the experiment plans
 * @param passed runs that passed so far
 * @param costUsd agent cost so far
 * @param status on {@code finished}, how the experiment ended ({@link
 *     dev.scylla.core.engine.ExperimentStatus} by name); null otherwise
 */
public record Progress(
    String kind,
    String message,
    String experimentDir,
    int runsDone,
    int runsTotal,
    int passed,
    double costUsd,
    String status) {

  /** Prefix of a progress line in the container's output. */
  public static final String PREFIX = "@@scylla-progress ";

  /** The kind of the last report of an experiment. */
  public static final String FINISHED = "finished";

  /** A report without a status (every kind but {@code finished}). */
  public Progress(
      String kind,
      String message,
      String experimentDir,
      int runsDone,
      int runsTotal,
      int passed,
      double costUsd) {
    this(kind, message, experimentDir, runsDone, runsTotal, passed, costUsd, null);
  }

  /** This report as one line of the container protocol. */
  public String toLine() {
    return PREFIX + ProgressLines.write(this);
  }

  /** The report a line carries, if it is a well-formed protocol line. */
  public static Optional<Progress> parse(String line) {
    if (line == null || !line.startsWith(PREFIX)) {
      return Optional.empty();
    }
    return ProgressLines.read(line.substring(PREFIX.length()));
  }
}
