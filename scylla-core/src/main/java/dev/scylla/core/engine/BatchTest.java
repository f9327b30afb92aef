package dev.scylla.core.engine;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One test of a batch: its id (the experiment id its folder is named after) and its test folder.
 *
 * @param id the test's id, unique in the batch
 * @param testDir the test's folder (the one holding {@code test.yaml})
 */
public record BatchTest(String id, Path testDir) {

  /** Validates the test. */
  public BatchTest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(testDir, "testDir");
    if (id.isBlank() || id.contains("/")) {
      throw new IllegalArgumentException(
          "id must be a non-blank name without '/', was '" + id + "'");
    }
    testDir = testDir.toAbsolutePath().normalize();
  }
}
