package dev.scylla.core.results;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.scylla.core.model.TierId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an experiment has done so far ({@code checkpoint.json}), enough to resume it. Immutable:
 * every change returns a new checkpoint, which the engine writes with {@link #write}.
 *
 * @param version the format version, {@value #VERSION}
 * @param experimentId the experiment's id
 * @param experimentDir absolute path of the experiment's results folder
 * @param configHash a hash of the experiment's configuration (16 hex digits): a resume with another
 *     configuration is refused
 * @param completedRuns tier &rarr; sub-test id &rarr; run number &rarr; state
 * @param startedAt when the experiment first started
 * @param lastUpdatedAt when this checkpoint was written
 * @param status the experiment's state
 * @param rateLimitSource who reported the current rate limit ({@code agent}, {@code judge}), or
 *     null
 * @param rateLimitUntil when the current rate-limit pause ends, or null
 * @param pauseCount how many rate-limit pauses there were
 * @param pid the process id of the engine that wrote it, or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Checkpoint(
    String version,
    String experimentId,
    String experimentDir,
    String configHash,
    Map<TierId, Map<String, Map<Integer, RunState>>> completedRuns,
    Instant startedAt,
    Instant lastUpdatedAt,
    CheckpointStatus status,
    String rateLimitSource,
    Instant rateLimitUntil,
    int pauseCount,
    Long pid) {

  /** The checkpoint format this code writes and reads. */
  public static final String VERSION = "2.0";

  /** Validates the fields and copies the nested maps (sorted by sub-test id and run number). */
  public Checkpoint {
    if (!VERSION.equals(version)) {
      throw new IllegalArgumentException(
          "checkpoint version must be " + VERSION + ", got '" + version + "'");
    }
    if (experimentId == null || experimentId.isBlank()) {
      throw new IllegalArgumentException("experiment_id must not be blank");
    }
    if (experimentDir == null || experimentDir.isBlank()) {
      throw new IllegalArgumentException("experiment_dir must not be blank");
    }
    if (configHash == null || !configHash.matches("[0-9a-f]{16}")) {
      throw new IllegalArgumentException(
          "config_hash must be 16 lower-case hex digits, got '" + configHash + "'");
    }
    completedRuns = copy(completedRuns);
    if (startedAt == null || lastUpdatedAt == null) {
      throw new IllegalArgumentException("started_at and last_updated_at must be set");
    }
    if (status == null) {
      throw new IllegalArgumentException("status must be set");
    }
    if (pauseCount < 0) {
      throw new IllegalArgumentException("pause_count must be >= 0, got " + pauseCount);
    }
  }

  /** A new checkpoint of an experiment that starts now, with no runs done. */
  public static Checkpoint start(
      String experimentId, Path experimentDir, String configHash, Instant now, long pid) {
    return new Checkpoint(
        VERSION,
        experimentId,
        experimentDir.toAbsolutePath().normalize().toString(),
        configHash,
        Map.of(),
        now,
        now,
        CheckpointStatus.RUNNING,
        null,
        null,
        0,
        pid);
  }

  /** The state of one run, empty when it has not reached the checkpoint. */
  public Optional<RunState> runState(TierId tier, String subtestId, int runNumber) {
    return Optional.ofNullable(
        completedRuns
            .getOrDefault(tier, Map.of())
            .getOrDefault(subtestId, Map.of())
            .get(runNumber));
  }

  /** Whether the run needs nothing more on resume (passed or failed). */
  public boolean isFinished(TierId tier, String subtestId, int runNumber) {
    return runState(tier, subtestId, runNumber).map(RunState::finished).orElse(false);
  }

  /** The number of runs that are passed or failed. */
  public int finishedRunCount() {
    int count = 0;
    for (Map<String, Map<Integer, RunState>> subTests : completedRuns.values()) {
      for (Map<Integer, RunState> runs : subTests.values()) {
        count += (int) runs.values().stream().filter(RunState::finished).count();
      }
    }
    return count;
  }

  /** A copy recording {@code state} for one run. */
  public Checkpoint withRun(
      TierId tier, String subtestId, int runNumber, RunState state, Instant now) {
    Map<TierId, Map<String, Map<Integer, RunState>>> runs = mutableCopy(completedRuns);
    runs.computeIfAbsent(tier, t -> new TreeMap<>())
        .computeIfAbsent(subtestId, s -> new TreeMap<>())
        .put(runNumber, state);
    return new Checkpoint(
        version,
        experimentId,
        experimentDir,
        configHash,
        runs,
        startedAt,
        now,
        status,
        rateLimitSource,
        rateLimitUntil,
        pauseCount,
        pid);
  }

  /** A copy with {@code status}; leaving a rate-limit pause clears its source and end time. */
  public Checkpoint withStatus(CheckpointStatus newStatus, Instant now) {
    boolean paused = newStatus == CheckpointStatus.PAUSED_RATE_LIMIT;
    return new Checkpoint(
        version,
        experimentId,
        experimentDir,
        configHash,
        completedRuns,
        startedAt,
        now,
        newStatus,
        paused ? rateLimitSource : null,
        paused ? rateLimitUntil : null,
        pauseCount,
        pid);
  }

  /** A copy paused for a rate limit until {@code until}, counting one more pause. */
  public Checkpoint pausedForRateLimit(String source, Instant until, Instant now) {
    return new Checkpoint(
        version,
        experimentId,
        experimentDir,
        configHash,
        completedRuns,
        startedAt,
        now,
        CheckpointStatus.PAUSED_RATE_LIMIT,
        source,
        until,
        pauseCount + 1,
        pid);
  }

  /** A copy written by process {@code newPid} (on resume). */
  public Checkpoint withPid(long newPid, Instant now) {
    return new Checkpoint(
        version,
        experimentId,
        experimentDir,
        configHash,
        completedRuns,
        startedAt,
        now,
        status,
        rateLimitSource,
        rateLimitUntil,
        pauseCount,
        newPid);
  }

  /** Writes this checkpoint to {@code file} atomically. */
  public void write(Path file) {
    ResultFiles.writeJson(file, this);
  }

  /**
   * Reads a checkpoint.
   *
   * @throws ResultFileException when it is missing, unreadable, or of another version
   */
  public static Checkpoint read(Path file) {
    return ResultFiles.readJson(file, Checkpoint.class);
  }

  private static Map<TierId, Map<String, Map<Integer, RunState>>> mutableCopy(
      Map<TierId, Map<String, Map<Integer, RunState>>> source) {
    Map<TierId, Map<String, Map<Integer, RunState>>> out = new EnumMap<>(TierId.class);
    if (source != null) {
      source.forEach(
          (tier, subTests) -> {
            Map<String, Map<Integer, RunState>> subs = new TreeMap<>();
            subTests.forEach((id, runs) -> subs.put(id, new TreeMap<>(runs)));
            out.put(tier, subs);
          });
    }
    return out;
  }

  private static Map<TierId, Map<String, Map<Integer, RunState>>> copy(
      Map<TierId, Map<String, Map<Integer, RunState>>> source) {
    Map<TierId, Map<String, Map<Integer, RunState>>> out = new EnumMap<>(TierId.class);
    mutableCopy(source)
        .forEach(
            (tier, subTests) -> {
              Map<String, Map<Integer, RunState>> subs = new TreeMap<>();
              subTests.forEach((id, runs) -> subs.put(id, Collections.unmodifiableMap(runs)));
              out.put(tier, Collections.unmodifiableMap(subs));
            });
    return Collections.unmodifiableMap(out);
  }
}
