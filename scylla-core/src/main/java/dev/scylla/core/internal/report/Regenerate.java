package dev.scylla.core.internal.report;

import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureLoader;
import dev.scylla.core.fixture.Rubric;
import dev.scylla.core.internal.metrics.Metrics;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.model.JudgeResult;
import dev.scylla.core.model.Provenance;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.model.TierResult;
import dev.scylla.core.results.ResultFileException;
import dev.scylla.core.results.ResultFiles;
import dev.scylla.core.results.ResultsLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds every aggregate and report of an experiment folder from its run files ({@code scylla
 * report DIR --regenerate}), without running an agent or a judge: each sub-test's result and
 * reports from its {@code run_result.json} files, each tier's, then the experiment's {@code
 * result.json}, {@code tier_comparison.json}, {@code report.*} and {@code runs.csv}. What run files
 * cannot tell is kept from the previous {@code result.json}: provenance (but its judge models are
 * those of the verdicts found, which a re-judging may have changed), start and end, duration, stop
 * reason, a tier's {@code inherited_from} and a sub-test's rate-limit record. When the fixture is
 * still where the configuration says, ProjectScylla's files (docs/results-tree.md) are written
 * again too, so an older folder becomes readable by its analysis loader.
 */
public final class Regenerate {
  private static final Logger LOG = LoggerFactory.getLogger(Regenerate.class);

  private Regenerate() {}

  /**
   * Rebuilds the experiment folder {@code experimentDir}, whose previous result is {@code old}, and
   * returns the rebuilt result.
   */
  public static ExperimentResult run(
      Path experimentDir, ExperimentResult old, double passThreshold) {
    ResultsLayout layout = ResultsLayout.of(experimentDir);
    ExperimentConfig config = old.config();
    Rubric rubric = rubric(config);
    Map<TierId, TierResult> tiers = new EnumMap<>(TierId.class);
    Set<String> judgeModels = new LinkedHashSet<>();
    for (TierId tier : TierId.values()) {
      Path tierDir = layout.tierDir(tier);
      if (!Files.isDirectory(tierDir)) {
        continue;
      }
      TierResult oldTier = old.tierResults().get(tier);
      List<SubTestResult> subs = new ArrayList<>();
      for (Path sub : children(tierDir)) {
        String id = sub.getFileName().toString();
        List<RunResult> runs = new ArrayList<>();
        for (Path runDir : children(sub)) {
          ResultsLayout.Run files = new ResultsLayout.Run(runDir);
          if (!ResultsLayout.isRunFolder(runDir.getFileName().toString())
              || !Files.isRegularFile(files.result())) {
            continue;
          }
          RunResult run = ResultFiles.readJson(files.result(), RunResult.class);
          runs.add(run);
          run.judges().stream()
              .map(JudgeResult::model)
              .filter(Objects::nonNull)
              .forEach(judgeModels::add);
          if (rubric != null) {
            ProjectScyllaFiles.writeRun(files, run, config.model(), rubric);
          }
        }
        if (runs.isEmpty()) {
          continue;
        }
        SubTestResult oldSub = oldTier == null ? null : oldTier.subtestResults().get(id);
        subs.add(Metrics.summarize(tier, id, runs, oldSub == null ? null : oldSub.rateLimitInfo()));
      }
      if (subs.isEmpty()) {
        continue;
      }
      TierResult t =
          Metrics.tierResult(tier, subs, oldTier == null ? List.of() : oldTier.inheritedFrom());
      for (SubTestResult s : t.subtestResults().values()) {
        ReportWriter.writeSubTest(layout.dir(), s, passThreshold);
      }
      ReportWriter.writeTier(layout.dir(), t, passThreshold);
      tiers.put(tier, t);
    }
    Instant end = old.completedAt();
    Provenance provenance = old.provenance();
    if (provenance != null && !judgeModels.isEmpty()) {
      provenance = provenance.withModels(provenance.agentModels(), List.copyOf(judgeModels));
    }
    ExperimentResult result =
        Metrics.experimentResult(config, tiers, old.startedAt(), end, provenance, old.stopReason())
            .withTiming(old.totalDurationSeconds(), end);
    if (rubric != null) {
      ProjectScyllaFiles.writeExperiment(layout, rubric);
    }
    ReportWriter.writeExperiment(layout.dir(), result, passThreshold);
    return result;
  }

  /** The fixture's rubric, or null when the fixture is gone or no longer loads. */
  private static Rubric rubric(ExperimentConfig config) {
    if (config.tiersDir() == null || !Files.isDirectory(Path.of(config.tiersDir()))) {
      LOG.info("fixture not found at {}: ProjectScylla's files not rewritten", config.tiersDir());
      return null;
    }
    try {
      Fixture f =
          FixtureLoader.load(
              Path.of(config.tiersDir()),
              Optional.ofNullable(config.sharedDir()).map(Path::of).filter(Files::isDirectory));
      return f.rubric();
    } catch (RuntimeException e) {
      LOG.warn(
          "fixture {} does not load ({}): ProjectScylla's files not rewritten",
          config.tiersDir(),
          e.getMessage());
      return null;
    }
  }

  private static List<Path> children(Path dir) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new ResultFileException(dir, "cannot be listed: " + e.getMessage(), e);
    }
  }
}
