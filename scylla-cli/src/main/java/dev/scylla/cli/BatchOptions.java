package dev.scylla.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of {@code scylla run} that choose several tests to run as one batch. */
public final class BatchOptions {

  @Option(
      names = "--tests-dir",
      paramLabel = "DIR",
      description =
          "Run the tests in DIR as one batch: those of --tests, else every subfolder with a"
              + " test.yaml.")
  Path testsDir;

  @Option(
      names = "--tests",
      split = ",",
      paramLabel = "test-001,test-017",
      description = "The tests of --tests-dir to run (folder names).")
  List<String> tests = new ArrayList<>();

  @Option(
      names = "--batch-id",
      paramLabel = "ID",
      description =
          "The batch's id, which names its folder (default: the --tests-dir folder's name, else"
              + " batch).")
  String batchId;
}
