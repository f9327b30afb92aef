package dev.scylla.api;

import dev.scylla.api.internal.PreparedExperiment;
import dev.scylla.core.ErrorKind;
import dev.scylla.core.ScyllaException;
import dev.scylla.core.engine.BatchTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A batch as a job: it reads every test's inputs and writes the batch folder under the results
 * root. A test whose input is bad is not refused here: the batch skips it with its reason when it
 * runs, and runs the others.
 *
 * @param batch the batch
 */
public record BatchJob(Batch batch) implements Job<BatchOutcome> {

  /** Checks for null. */
  public BatchJob {
    Objects.requireNonNull(batch, "batch");
  }

  @Override
  public String label() {
    return "batch-" + batch.id();
  }

  @Override
  public List<Path> readPaths() {
    List<Path> paths = new ArrayList<>();
    for (BatchTest test : batch.tests()) {
      try {
        paths.addAll(PreparedExperiment.of(batch.experiment(test)).readPaths());
      } catch (ScyllaException e) {
        if (e.kind() != ErrorKind.INPUT) {
          throw e;
        }
        // Skipped with this reason when the batch runs; its folder is still visible there.
        if (Files.isDirectory(test.testDir())) {
          paths.add(test.testDir());
        }
      }
    }
    return paths;
  }

  @Override
  public List<Path> writePaths() {
    return List.of(batch.resultsDir());
  }

  @Override
  public boolean needsLogin() {
    for (BatchTest test : batch.tests()) {
      try {
        if (PreparedExperiment.of(batch.experiment(test)).needsLogin()) {
          return true;
        }
      } catch (ScyllaException e) {
        if (e.kind() != ErrorKind.INPUT) {
          throw e;
        }
      }
    }
    return false;
  }
}
