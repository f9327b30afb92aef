package dev.scylla.api;

import dev.scylla.core.engine.BatchFiles;
import dev.scylla.core.engine.BatchTestResult;
import dev.scylla.core.engine.BatchTestState;
import dev.scylla.core.report.ReportLoader;
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

  /**
   * Makes the batch files of the batch folder {@code dir} again ({@code batch_summary.json}, {@code
   * runs.csv}, {@code batch_report.html}) from its {@code batch.json} and its tests' folders, first
   * rebuilding every test's aggregates from its run files when {@code fromRuns}; returns the
   * outcome.
   *
   * @throws dev.scylla.core.ScyllaException when a folder cannot be read
   */
  public static BatchOutcome regenerate(Path dir, boolean fromRuns) {
    Path batchDir = dir.toAbsolutePath().normalize();
    if (fromRuns) {
      for (BatchTestResult t : BatchFiles.readTests(batchDir)) {
        if (t.experimentDir() != null && java.nio.file.Files.isDirectory(t.experimentDir())) {
          ReportLoader.regenerate(t.experimentDir());
        }
      }
    }
    BatchFiles.write(batchDir);
    return read(batchDir);
  }

  /** Whether {@code dir} is a batch folder (it holds {@code batch.json}). */
  public static boolean isBatch(Path dir) {
    return BatchFiles.isBatch(dir);
  }

  /** The text of {@code batch_summary.json}. */
  public String summaryJson() {
    return text(BatchFiles.SUMMARY_JSON);
  }

  /** The text of the batch's {@code runs.csv} (one row per run, a {@code test} column first). */
  public String runsCsv() {
    return text(BatchFiles.RUNS_CSV);
  }

  /** The text of {@code batch_report.html}. */
  public String reportHtml() {
    return text(BatchFiles.REPORT_HTML);
  }

  private String text(String name) {
    try {
      return java.nio.file.Files.readString(batchDir.resolve(name));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
