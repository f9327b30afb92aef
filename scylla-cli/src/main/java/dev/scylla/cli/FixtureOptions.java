package dev.scylla.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where the test fixture and its shared resources are: {@code --tiers-dir}, {@code --shared-dir},
 * {@code --skills-dir}.
 */
public final class FixtureOptions {

  @Option(
      names = "--tiers-dir",
      paramLabel = "DIR",
      description =
          "The test directory (ProjectScylla layout: test.yaml and t0/..t6/, or, without tier"
              + " folders, config.yaml with sub-tests from the shared catalogue); repeat it to run"
              + " several tests as one batch (scylla run).")
  List<Path> tiersDirs = new ArrayList<>();

  /**
   * The one test directory.
   *
   * @throws UserInputException when none or several were given
   */
  Path tiersDir() {
    if (tiersDirs.size() != 1) {
      throw new UserInputException(
          tiersDirs.isEmpty()
              ? "missing --tiers-dir DIR: give the test directory"
              : "give one --tiers-dir here, not " + tiersDirs.size());
    }
    return tiersDirs.get(0);
  }

  @Option(
      names = "--shared-dir",
      paramLabel = "DIR",
      description =
          "Shared blocks, skills, agents, sub-test catalogue and tiers.yaml (default:"
              + " <tiers-dir>/../../../claude-code/shared).")
  Path sharedDir;

  @Option(
      names = "--skills-dir",
      paramLabel = "DIR",
      description =
          "A further folder of skills (<category>/<skill>/), searched after the shared folder's"
              + " skills/ (repeatable, in order). A skill found nowhere is a warning.")
  List<Path> skillsDirs = new ArrayList<>();
}
