package dev.scylla.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the test fixture and its shared resources are: {@code --tiers-dir}, {@code --shared-dir}.
 */
public final class FixtureOptions {

  @Option(
      names = "--tiers-dir",
      required = true,
      paramLabel = "DIR",
      description = "The test directory (ProjectScylla layout: test.yaml, t0/..t6/).")
  Path tiersDir;

  @Option(
      names = "--shared-dir",
      paramLabel = "DIR",
      description =
          "Shared blocks, skills and agents (default: <tiers-dir>/../../../claude-code/shared).")
  Path sharedDir;
}
