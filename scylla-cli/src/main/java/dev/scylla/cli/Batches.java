package dev.scylla.cli;

import dev.scylla.api.Batch;
import dev.scylla.api.Experiment;
import dev.scylla.api.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The batch {@code scylla run}'s options describe, when they name several tests. */
final class Batches {

  private Batches() {}

  /** Whether the options run a batch: several {@code --tiers-dir}, or a {@code --tests-dir}. */
  static boolean isBatch(ExperimentOptions o, BatchOptions b) {
    if (!b.tests.isEmpty() && b.testsDir == null) {
      throw new UserInputException("--tests needs --tests-dir DIR: the folder the tests are in");
    }
    return b.testsDir != null || o.fixture.tiersDirs.size() > 1;
  }

  /**
   * The batch of the options.
   *
   * @throws UserInputException for options of one test, an unknown test name, an empty DIR or two
   *     tests of one id
   */
  static Batch from(ExperimentOptions o, BatchOptions b) {
    List<Path> dirs = new ArrayList<>(o.fixture.tiersDirs);
    if (b.testsDir != null) {
      if (!dirs.isEmpty()) {
        throw new UserInputException("give either --tests-dir or --tiers-dir, not both");
      }
      dirs.addAll(testsIn(b.testsDir, b.tests));
    }
    for (String option : List.of("--repo", "--commit", "--prompt", "--experiment-id")) {
      boolean given =
          switch (option) {
            case "--repo" -> o.repo != null;
            case "--commit" -> o.commit != null;
            case "--prompt" -> o.prompt != null;
            default -> o.experimentId != null;
          };
      if (given && dirs.size() > 1) {
        throw new UserInputException(
            option + " belongs to one test: leave it out when running several tests");
      }
    }
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        throw new UserInputException(
            "--tiers-dir " + dir + " is not a directory: give a test folder (with test.yaml)");
      }
    }
    Experiment template = Experiments.from(o, dirs.get(0));
    String id =
        b.batchId != null
            ? b.batchId
            : b.testsDir != null && b.testsDir.toAbsolutePath().normalize().getFileName() != null
                ? b.testsDir.toAbsolutePath().normalize().getFileName().toString()
                : Batch.DEFAULT_ID;
    try {
      return Batch.builder(dirs, template)
          .id(id)
          .parallel(o.parallel == null ? 4 : o.parallel)
          .maxCostUsd(o.maxCost)
          .fresh(o.fresh)
          .build();
    } catch (InvalidInputException e) {
      throw new UserInputException(e.getMessage() + " (see --tiers-dir, --tests-dir, --tests)", e);
    }
  }

  /** The test folders of {@code dir}: those named, else every subfolder with a test.yaml. */
  private static List<Path> testsIn(Path dir, List<String> names) {
    if (!Files.isDirectory(dir)) {
      throw new UserInputException("--tests-dir " + dir + " is not a directory");
    }
    List<Path> dirs = new ArrayList<>();
    if (!names.isEmpty()) {
      for (String name : names) {
        Path test = dir.resolve(name);
        if (name.isBlank() || name.contains("/") || !Files.isDirectory(test)) {
          throw new UserInputException(
              "--tests "
                  + name
                  + ": no such test in "
                  + dir
                  + " (give folder names of --tests-dir)");
        }
        dirs.add(test.toAbsolutePath().normalize());
      }
      return dirs;
    }
    try (Stream<Path> list = Files.list(dir)) {
      list.filter(p -> Files.isRegularFile(p.resolve("test.yaml")))
          .sorted()
          .forEach(p -> dirs.add(p.toAbsolutePath().normalize()));
    } catch (IOException e) {
      throw new UserInputException(
          "--tests-dir " + dir + " cannot be listed: " + e.getMessage(), e);
    }
    if (dirs.isEmpty()) {
      throw new UserInputException(
          "--tests-dir " + dir + " holds no test (no subfolder with a test.yaml)");
    }
    return dirs;
  }
}
