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
    return needs().readPaths();
  }

  @Override
  public List<Path> writePaths() {
    return List.of(batch.resultsDir());
  }

  @Override
  public boolean needsLogin() {
    return needs().needsLogin();
  }

  /**
   * Every test's paths and whether any test's runners need the login, each test prepared once. A
   * test whose input is bad is not refused here: the batch skips it with its reason when it runs,
   * and its folder is still visible there.
   */
  @Override
  public Needs needs() {
    List<Path> paths = new ArrayList<>();
    boolean login = false;
    for (BatchTest test : batch.tests()) {
      try {
        PreparedExperiment prepared = PreparedExperiment.of(batch.experiment(test));
        paths.addAll(prepared.readPaths());
        login |= prepared.needsLogin();
      } catch (ScyllaException e) {
        if (e.kind() != ErrorKind.INPUT) {
          throw e;
        }
        if (Files.isDirectory(test.testDir())) {
          paths.add(test.testDir());
        }
      }
    }
    return new Needs(paths, login);
  }
}
