package dev.scylla.core.report;

import dev.scylla.core.internal.metrics.Metrics;
import dev.scylla.core.internal.report.Regenerate;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.model.Provenance;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.model.TierResult;
import dev.scylla.core.results.Checkpoint;
import dev.scylla.core.results.CheckpointStatus;
import dev.scylla.core.results.ResultFileException;
import dev.scylla.core.results.ResultFiles;
import dev.scylla.core.results.ResultsLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** Reads a finished or interrupted experiment's results folder back (for {@code scylla report}). */
public final class ReportLoader {
  private static final double DEFAULT_THRESHOLD = 0.6;

  private ReportLoader() {}

  /**
   * Loads {@code dir}: an experiment folder, or a results root whose most recent experiment is
   * taken. An experiment stopped before it wrote {@code result.json} is rebuilt from its runs.
   *
   * @throws ReportException when the folder holds no experiment, or a file in it cannot be read
   */
  public static LoadedReport load(Path dir) {
    ResultsLayout layout = locate(dir.toAbsolutePath().normalize());
    double threshold = passThreshold(layout);
    Optional<Checkpoint> checkpoint = checkpoint(layout);
    CheckpointStatus status = checkpoint.map(Checkpoint::status).orElse(null);
    ExperimentResult result;
    if (Files.isRegularFile(layout.result()) && status != CheckpointStatus.RUNNING) {
      result = read(layout.result(), ExperimentResult.class);
    } else {
      result = rebuild(layout, checkpoint);
    }
    return new LoadedReport(layout.dir(), result, threshold, status);
  }

  /**
   * Loads {@code dir} as {@link #load} does, then rebuilds every aggregate and report in it from
   * its run files (no agent or judge runs) and returns the rebuilt report.
   *
   * @throws ReportException when the folder holds no experiment, or a file in it cannot be read
   */
  public static LoadedReport regenerate(Path dir) {
    return regenerate(dir, UnaryOperator.identity());
  }

  /**
   * As {@link #regenerate(Path)}, recording the provenance {@code provenance} makes of the previous
   * one (a re-judging records its judges' system prompt); a missing provenance stays missing.
   */
  public static LoadedReport regenerate(Path dir, UnaryOperator<Provenance> provenance) {
    LoadedReport before = load(dir);
    ExperimentResult old = before.result();
    if (old.provenance() != null) {
      old = old.withProvenance(provenance.apply(old.provenance()));
    }
    try {
      return new LoadedReport(
          before.experimentDir(),
          Regenerate.run(before.experimentDir(), old, before.passThreshold()),
          before.passThreshold(),
          before.checkpointStatus());
    } catch (ResultFileException e) {
      throw new ReportException(
          "cannot regenerate " + before.experimentDir() + ": " + e.getMessage(), e);
    }
  }

  private static ResultsLayout locate(Path dir) {
    if (ResultsLayout.holdsExperiment(dir)) {
      return ResultsLayout.of(dir);
    }
    if (Files.isDirectory(dir)) {
      try (Stream<Path> list = Files.list(dir)) {
        Optional<Path> latest =
            list.filter(ResultsLayout::hasCheckpoint)
                .max(Comparator.comparing(p -> p.getFileName().toString()));
        if (latest.isPresent()) {
          return ResultsLayout.of(latest.get());
        }
      } catch (IOException e) {
        throw new ReportException("cannot list " + dir + ": " + e.getMessage(), e);
      }
    }
    throw new ReportException(
        dir
            + " holds no experiment (no "
            + ResultsLayout.CHECKPOINT
            + " or "
            + ResultsLayout.RESULT
            + "): pass an experiment folder such as results/20260101T120000Z-test-001");
  }

  /** Rebuilds the result from the run results found. */
  private static ExperimentResult rebuild(ResultsLayout layout, Optional<Checkpoint> checkpoint) {
    ExperimentConfig config = read(layout.experimentConfig(), ExperimentConfig.class);
    Map<TierId, TierResult> tiers = new EnumMap<>(TierId.class);
    for (TierId tier : TierId.values()) {
      Path tierDir = layout.tierDir(tier);
      if (!Files.isDirectory(tierDir)) {
        continue;
      }
      Map<String, SubTestResult> subs = new LinkedHashMap<>();
      for (Path sub : sortedChildren(tierDir)) {
        List<RunResult> runs = new ArrayList<>();
        for (Path run : sortedChildren(sub)) {
          Path f = new ResultsLayout.Run(run).result();
          if (ResultsLayout.isRunFolder(run.getFileName().toString()) && Files.isRegularFile(f)) {
            runs.add(read(f, RunResult.class));
          }
        }
        if (!runs.isEmpty()) {
          String id = sub.getFileName().toString();
          subs.put(id, Metrics.summarize(tier, id, runs, null));
        }
      }
      if (!subs.isEmpty()) {
        tiers.put(tier, Metrics.tierResult(tier, new ArrayList<>(subs.values()), List.of()));
      }
    }
    Instant started = checkpoint.map(Checkpoint::startedAt).orElse(Instant.EPOCH);
    CheckpointStatus status = checkpoint.map(Checkpoint::status).orElse(null);
    String stopReason =
        status == CheckpointStatus.COMPLETED ? null : status == null ? "unknown" : status.json();
    ExperimentResult base =
        Metrics.experimentResult(config, tiers, started, null, null, stopReason);
    // Without a result.json the wall-clock time is unknown: the runs' own durations stand in.
    return base.withTiming(
        tiers.values().stream().mapToDouble(TierResult::totalDuration).sum(), null);
  }

  private static double passThreshold(ResultsLayout layout) {
    if (!Files.isRegularFile(layout.rubricConfig())) {
      return DEFAULT_THRESHOLD;
    }
    Map<?, ?> rubric = read(layout.rubricConfig(), Map.class);
    return rubric.get("pass_threshold") instanceof Number n ? n.doubleValue() : DEFAULT_THRESHOLD;
  }

  private static Optional<Checkpoint> checkpoint(ResultsLayout layout) {
    if (!Files.isRegularFile(layout.checkpoint())) {
      return Optional.empty();
    }
    return Optional.of(read(layout.checkpoint(), Checkpoint.class));
  }

  private static List<Path> sortedChildren(Path dir) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new ReportException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static <T> T read(Path f, Class<T> type) {
    try {
      return ResultFiles.readJson(f, type);
    } catch (ResultFileException e) {
      throw new ReportException("cannot read " + e.getMessage(), e);
    }
  }
}
