package dev.scylla.core.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The end of a batch run.
 *
 * @param batchId the batch's id
 * @param batchDir the batch folder
 * @param tests every test's state, in the batch's order
 * @param status {@code completed} (every test finished), {@code interrupted}, or {@code ended}
 *     (some test skipped, failed or stopped on a budget)
 */
public record BatchResult(
    String batchId, Path batchDir, List<BatchTestResult> tests, String status) {

  /** Validates the result. */
  public BatchResult {
    Objects.requireNonNull(batchId, "batchId");
    Objects.requireNonNull(batchDir, "batchDir");
    tests = List.copyOf(tests);
    Objects.requireNonNull(status, "status");
  }

  /** Whether a test was skipped for bad input. */
  public boolean anySkipped() {
    return tests.stream().anyMatch(t -> t.state() == BatchTestState.SKIPPED);
  }
}
