package dev.scylla.core.engine;

import dev.scylla.core.internal.report.Summary;
import dev.scylla.core.model.ExperimentResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The end of an experiment run.
 *
 * @param status how it ended
 * @param result the experiment result (the completed runs only, when it stopped early)
 * @param experimentDir the experiment's results folder
 * @param erroredRuns runs whose agent or a judge crashed, timed out or gave unparseable output
 * @param passThreshold the rubric's pass threshold, for the summary's PASS/FAIL
 * @param message one line saying how it ended and what to do next, if anything
 */
public record ExperimentOutcome(
    ExperimentStatus status,
    ExperimentResult result,
    Path experimentDir,
    int erroredRuns,
    double passThreshold,
    String message) {

  /** Validates the outcome. */
  public ExperimentOutcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(experimentDir, "experimentDir");
    if (erroredRuns < 0) {
      throw new IllegalArgumentException("erroredRuns must be >= 0, was " + erroredRuns);
    }
    message = message == null ? "" : message;
  }

  /**
   * The summary to print: Duration, Total Cost, Best Tier, Best Sub-test, Frontier CoP, one line
   * per tier, then the judges' total cost.
   */
  public List<String> summaryLines() {
    return Summary.lines(result, passThreshold);
  }
}
