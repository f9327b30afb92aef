package dev.scylla.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scylla.core.metrics.Metrics;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.model.TierResult;
import dev.scylla.core.results.ScyllaJson;
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
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads a finished or interrupted experiment's results folder back (for {@code scylla report}). */
public final class ReportLoader {
  private ReportLoader() {}

  /**
   * Loads {@code dir}: an experiment folder, or a results root whose most recent experiment is
   * taken. An experiment stopped before it wrote {@code result.json} is rebuilt from its runs.
   *
   * @throws ReportException when the folder holds no experiment
   */
  public static LoadedReport load(Path dir) {
    Path exp = locate(dir.toAbsolutePath().normalize());
    double threshold =
        readTree(exp.resolve("config/rubric.json"))
            .map(n -> n.path("pass_threshold").asDouble(0.6))
            .orElse(0.6);
    String status =
        readTree(exp.resolve("checkpoint.json"))
            .map(n -> n.path("status").asText("unknown"))
            .orElse("unknown");
    ExperimentResult result;
    Path resultFile = exp.resolve("result.json");
    if (Files.isRegularFile(resultFile) && !"running".equals(status)) {
      result = read(resultFile, ExperimentResult.class);
    } else {
      result = rebuild(exp, status);
    }
    return new LoadedReport(exp, result, threshold, status);
  }

  private static Path locate(Path dir) {
    if (Files.exists(dir.resolve("checkpoint.json")) || Files.exists(dir.resolve("result.json"))) {
      return dir;
    }
    if (Files.isDirectory(dir)) {
      try (Stream<Path> list = Files.list(dir)) {
        Optional<Path> latest =
            list.filter(p -> Files.exists(p.resolve("checkpoint.json")))
                .max(Comparator.comparing(p -> p.getFileName().toString()));
        if (latest.isPresent()) {
          return latest.get();
        }
      } catch (IOException e) {
        throw new ReportException("cannot list " + dir + ": " + e.getMessage(), e);
      }
    }
    throw new ReportException(
        dir
            + " holds no experiment (no checkpoint.json or result.json): pass an experiment folder"
            + " such as results/20260101T120000Z-test-001");
  }

  /** Rebuilds the result from the {@code run_result.json} files found. */
  private static ExperimentResult rebuild(Path exp, String status) {
    ExperimentConfig config = read(exp.resolve("config/experiment.json"), ExperimentConfig.class);
    Map<TierId, TierResult> tiers = new EnumMap<>(TierId.class);
    for (TierId tier : TierId.values()) {
      Path tierDir = exp.resolve(tier.name());
      if (!Files.isDirectory(tierDir)) {
        continue;
      }
      Map<String, SubTestResult> subs = new LinkedHashMap<>();
      for (Path sub : sortedChildren(tierDir)) {
        List<RunResult> runs = new ArrayList<>();
        for (Path run : sortedChildren(sub)) {
          Path f = run.resolve("run_result.json");
          if (Files.isRegularFile(f)) {
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
    Instant started =
        readTree(exp.resolve("checkpoint.json"))
            .map(n -> n.path("started_at").asText(null))
            .filter(Objects::nonNull)
            .map(Instant::parse)
            .orElse(Instant.EPOCH);
    ExperimentResult base =
        Metrics.experimentResult(
            config, tiers, started, null, null, "completed".equals(status) ? null : status);
    // Without a result.json the wall-clock time is unknown: the runs' own durations stand in.
    return base.withTiming(
        tiers.values().stream().mapToDouble(TierResult::totalDuration).sum(), null);
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
      return ScyllaJson.mapper().readValue(f.toFile(), type);
    } catch (IOException | RuntimeException e) {
      throw new ReportException("cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  private static Optional<JsonNode> readTree(Path f) {
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      return Optional.of(ScyllaJson.mapper().readTree(f.toFile()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
