package dev.scylla.core.engine;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How one test of a batch stands.
 *
 * @param test the test
 * @param state its state
 * @param reason for a skipped or failed test, the one-line reason; else empty
 * @param experimentDir its experiment folder inside the batch folder, or null when it has none
 */
public record BatchTestResult(
    BatchTest test, BatchTestState state, String reason, Path experimentDir) {

  /** Validates the result. */
  public BatchTestResult {
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(state, "state");
    reason = reason == null ? "" : reason;
  }
}
