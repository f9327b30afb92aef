package dev.scylla.core.engine;

import dev.scylla.core.internal.report.Summary;
import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.results.Checkpoint;
import dev.scylla.core.results.ResultsLayout;
import dev.scylla.core.results.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    List<String> lines = new ArrayList<>(Summary.lines(result, passThreshold));
    int awaiting = awaitingJudgment();
    if (awaiting > 0) {
      lines.add(
          "Awaiting judgment: "
              + awaiting
              + " run"
              + (awaiting == 1 ? "" : "s")
              + " (their agents finished; judging them runs no agent again)");
    }
    return List.copyOf(lines);
  }

  /**
   * How many runs await judgment: their agent finished, no judge gave a verdict yet (judging was
   * not asked for, or the judges could not reach the model). Read from the experiment's checkpoint;
   * 0 when there is none.
   */
  public int awaitingJudgment() {
    Path file = ResultsLayout.of(experimentDir).checkpoint();
    if (!Files.isRegularFile(file)) {
      return 0;
    }
    try {
      return Checkpoint.read(file).runsIn(RunState.AGENT_COMPLETE);
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
