package dev.scylla.cli;

import dev.scylla.core.config.ConfigException;
import dev.scylla.core.config.ExperimentConfigs;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureLoader;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.TierId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Loads and checks what {@code scylla run} was asked to run, the same on host and inside. */
final class Experiments {

  private static final Pattern REMOTE = Pattern.compile("^([a-z][a-z0-9+.-]*://|[^/]+@[^/:]+:).*");

  private Experiments() {}

  /**
   * The loaded fixture and merged config, and the host paths the experiment touches.
   *
   * @param fixture the loaded fixture
   * @param config the experiment settings, merged in precedence order
   * @param scripted whether the scripted agent runs (no Claude login needed)
   * @param hostPaths paths to make readable in the container at the same place
   */
  record Prepared(
      Fixture fixture, ExperimentConfig config, boolean scripted, Set<Path> hostPaths) {}

  /**
   * Loads the fixture and merges the settings.
   *
   * @throws dev.scylla.core.fixture.FixtureException for a bad fixture
   * @throws UserInputException for bad options
   */
  static Prepared prepare(ExperimentOptions options) {
    Path tiersDir = options.fixture.tiersDir.toAbsolutePath().normalize();
    if (!Files.isDirectory(tiersDir)) {
      throw new UserInputException(
          "--tiers-dir "
              + options.fixture.tiersDir
              + " is not a directory: give a test folder (with test.yaml)");
    }
    Optional<Path> sharedDir =
        Optional.ofNullable(options.fixture.sharedDir).map(p -> p.toAbsolutePath().normalize());
    Fixture fixture = FixtureLoader.load(tiersDir, sharedDir);

    ExperimentConfig config;
    try {
      config =
          ExperimentConfigs.resolve(
              fixture,
              Optional.ofNullable(options.config).map(p -> p.toAbsolutePath().normalize()),
              overrides(options));
    } catch (ConfigException | IllegalArgumentException e) {
      throw new UserInputException(e.getMessage(), e);
    }

    boolean scripted = options.agent.startsWith("scripted:");
    if (!scripted && !options.agent.equals("claude-code")) {
      throw new UserInputException(
          "unknown --agent " + options.agent + ": use claude-code or scripted:FILE");
    }

    Set<Path> paths = new LinkedHashSet<>();
    paths.addAll(fixture.readRoots());
    if (scripted) {
      Path script =
          Path.of(options.agent.substring("scripted:".length())).toAbsolutePath().normalize();
      if (!Files.isRegularFile(script)) {
        throw new UserInputException("--agent " + options.agent + ": no such file " + script);
      }
      paths.add(script);
    }
    for (Path file : new Path[] {options.prompt, options.config}) {
      if (file != null) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
          throw new UserInputException("no such file: " + file);
        }
        paths.add(absolute);
      }
    }
    localRepository(config.taskRepo(), fixture.testDir()).ifPresent(paths::add);
    return new Prepared(fixture, config, scripted, paths);
  }

  /** The folder of a task repository given as a local path or bundle, if it is one. */
  static Optional<Path> localRepository(String repo, Path testDir) {
    if (repo == null || REMOTE.matcher(repo).matches()) {
      return Optional.empty();
    }
    Path path = Path.of(repo);
    Path resolved =
        (path.isAbsolute() ? path : Path.of("").toAbsolutePath().resolve(path)).normalize();
    if (!Files.exists(resolved)) {
      resolved = testDir.resolve(path).normalize();
    }
    return Files.exists(resolved) ? Optional.of(resolved) : Optional.empty();
  }

  static ExperimentConfig.Overrides overrides(ExperimentOptions o) {
    List<TierId> tiers = new ArrayList<>();
    for (String tier : o.tiers) {
      try {
        tiers.add(TierId.valueOf(tier.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new UserInputException("--tiers " + tier + " is not a tier: use T0..T6");
      }
    }
    return ExperimentConfig.Overrides.builder()
        .experimentId(o.experimentId)
        .taskRepo(o.repo)
        .taskCommit(o.commit)
        .taskPromptFile(o.prompt == null ? null : o.prompt.toAbsolutePath().normalize().toString())
        .models(o.models.isEmpty() ? null : List.copyOf(o.models))
        .runsPerSubtest(o.runs)
        .tiersToRun(tiers.isEmpty() ? null : tiers)
        .judgeModels(o.judgeModel == null ? null : List.of(o.judgeModel))
        .additionalJudgeModels(o.addJudges.isEmpty() ? null : List.copyOf(o.addJudges))
        .parallelSubtests(o.parallel)
        .timeoutSeconds(o.timeoutSeconds)
        .maxTurns(o.maxTurns)
        .maxSubtests(o.maxSubtests)
        .maxCostUsd(o.maxCost == null ? null : o.maxCost.doubleValue())
        .build();
  }
}
