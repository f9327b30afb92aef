package dev.scylla.api;

import dev.scylla.core.engine.BatchFiles;
import dev.scylla.core.engine.BatchTestResult;
import dev.scylla.core.engine.BatchTestState;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The end of a batch, read from its batch folder.
 *
 * @param batchId the batch's id
 * @param batchDir the batch folder
 * @param status {@code completed}, {@code interrupted} or {@code ended} (some test did not finish)
 * @param tests every test's state
 * @param erroredRuns runs of the batch that errored
 */
public record BatchOutcome(
    String batchId, Path batchDir, String status, List<BatchTestResult> tests, int erroredRuns) {

  /** Validates the outcome. */
  public BatchOutcome {
    Objects.requireNonNull(batchId, "batchId");
    Objects.requireNonNull(batchDir, "batchDir");
    Objects.requireNonNull(status, "status");
    tests = List.copyOf(tests);
  }

  /** The outcome of the batch folder {@code dir}. */
  public static BatchOutcome read(Path dir) {
    return new BatchOutcome(
        BatchFiles.readId(dir),
        dir,
        BatchFiles.readStatus(dir),
        BatchFiles.readTests(dir),
        BatchFiles.erroredRuns(dir));
  }

  /** Whether any test is in {@code state}. */
  public boolean any(BatchTestState state) {
    return tests.stream().anyMatch(t -> t.state() == state);
  }

  /**
   * The lines to print: one per test (id, best tier, best sub-test, Frontier CoP, PASS/FAIL, cost,
   * or why it did not run) and the totals.
   */
  public List<String> summaryLines() {
    return BatchFiles.summaryLines(batchDir);
  }

  /**
   * The exit code of the batch: {@link ExitCodes#INTERRUPTED} when stopped, else {@link
   * ExitCodes#USAGE} when a test was skipped for bad input, else {@link ExitCodes#CREDENTIALS} or
   * {@link ExitCodes#DOCKER} when a test stopped on its login or failed on infrastructure, else the
   * worst of {@link ExitCodes#OK} and {@link ExitCodes#RUNS_ERRORED}.
   */
  public int exitCode() {
    if ("interrupted".equals(status) || any(BatchTestState.INTERRUPTED)) {
      return ExitCodes.INTERRUPTED;
    }
    if (any(BatchTestState.SKIPPED)) {
      return ExitCodes.USAGE;
    }
    if (any(BatchTestState.AUTH_FAILED)) {
      return ExitCodes.CREDENTIALS;
    }
    if (any(BatchTestState.FAILED)) {
      return ExitCodes.DOCKER;
    }
    return erroredRuns > 0 ? ExitCodes.RUNS_ERRORED : ExitCodes.OK;
  }
}
