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
 * @param pauseCount how many pauses (rate limits, an unreachable API) there were
 * @param pid the process id of the engine that wrote it, or null
 * @param runErrors the kind of every run in state {@code errored}, by {@code T0/00/1} (tier,
 *     sub-test, run number): an infrastructure kind ({@code connection}, {@code server_error}...)
 *     runs again on resume; absent in checkpoints written before it existed
 * @param apiUnreachableSince when the current pause for an unreachable API began, or null
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
    Long pid,
    Map<String, String> runErrors,
    Instant apiUnreachableSince) {

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
    runErrors =
        runErrors == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(runErrors));
  }

  /** The key of a run in {@link #runErrors}: {@code T0/00/1}. */
  static String runKey(TierId tier, String subtestId, int runNumber) {
    return tier.name() + "/" + subtestId + "/" + runNumber;
  }

  /**
   * The failure kind of an errored run ({@code connection}, {@code server_error}, {@code
   * judge}...), empty when the run is not errored or the kind is not recorded.
   */
  public Optional<String> errorKind(TierId tier, String subtestId, int runNumber) {
    return Optional.ofNullable(runErrors.get(runKey(tier, subtestId, runNumber)));
  }

  /** The number of runs in {@code state}. */
  public int runsIn(RunState state) {
    int count = 0;
    for (Map<String, Map<Integer, RunState>> subTests : completedRuns.values()) {
      for (Map<Integer, RunState> runs : subTests.values()) {
        count += (int) runs.values().stream().filter(s -> s == state).count();
      }
    }
    return count;
  }

  /** A copy recording that a run errored with {@code kind}, not scored. */
  public Checkpoint withErroredRun(
      TierId tier, String subtestId, int runNumber, String kind, Instant now) {
    if (kind == null || kind.isBlank()) {
      throw new IllegalArgumentException("an errored run needs its kind");
    }
    Checkpoint c = withRun(tier, subtestId, runNumber, RunState.ERRORED, now);
    Map<String, String> errors = new TreeMap<>(c.runErrors);
    errors.put(runKey(tier, subtestId, runNumber), kind);
    return c.copy(
        c.completedRuns,
        c.lastUpdatedAt,
        c.status,
        c.rateLimitSource,
        c.rateLimitUntil,
        c.pauseCount,
        c.pid,
        errors,
        c.apiUnreachableSince);
  }

  /** A copy paused because the API could not be reached since {@code since}. */
  public Checkpoint pausedForOutage(Instant since, Instant now) {
    return copy(
        completedRuns,
        now,
        CheckpointStatus.PAUSED_API_UNREACHABLE,
        null,
        null,
        pauseCount + 1,
        pid,
        runErrors,
        since);
  }

  private Checkpoint copy(
      Map<TierId, Map<String, Map<Integer, RunState>>> runs,
      Instant now,
      CheckpointStatus newStatus,
      String limitSource,
      Instant limitUntil,
      int pauses,
      Long newPid,
      Map<String, String> errors,
      Instant unreachableSince) {
    return new Checkpoint(
        version,
        experimentId,
        experimentDir,
        configHash,
        runs,
        startedAt,
        now,
        newStatus,
        limitSource,
        limitUntil,
        pauses,
        newPid,
        errors,
        unreachableSince);
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
        pid,
        Map.of(),
        null);
  }

  /** The state of one run, empty when it has not reached the checkpoint. */
  public Optional<RunState> runState(TierId tier, String subtestId, int runNumber) {
    return Optional.ofNullable(
        completedRuns
            .getOrDefault(tier, Map.of())
            .getOrDefault(subtestId, Map.of())
            .get(runNumber));
  }

  /** Whether the run was judged and scored (passed or failed): it never runs again. */
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

  /**
   * A copy recording {@code state} for one run (an errored run's kind: {@link #withErroredRun}).
   */
  public Checkpoint withRun(
      TierId tier, String subtestId, int runNumber, RunState state, Instant now) {
    Map<TierId, Map<String, Map<Integer, RunState>>> runs = mutableCopy(completedRuns);
    runs.computeIfAbsent(tier, t -> new TreeMap<>())
        .computeIfAbsent(subtestId, s -> new TreeMap<>())
        .put(runNumber, state);
    Map<String, String> errors = new TreeMap<>(runErrors);
    errors.remove(runKey(tier, subtestId, runNumber));
    return copy(
        runs,
        now,
        status,
        rateLimitSource,
        rateLimitUntil,
        pauseCount,
        pid,
        errors,
        apiUnreachableSince);
  }

  /**
   * A copy with {@code status}; leaving a rate-limit pause clears its source and end time, leaving
   * an outage pause its start.
   */
  public Checkpoint withStatus(CheckpointStatus newStatus, Instant now) {
    boolean paused = newStatus == CheckpointStatus.PAUSED_RATE_LIMIT;
    boolean outage = newStatus == CheckpointStatus.PAUSED_API_UNREACHABLE;
    return copy(
        completedRuns,
        now,
        newStatus,
        paused ? rateLimitSource : null,
        paused ? rateLimitUntil : null,
        pauseCount,
        pid,
        runErrors,
        outage ? apiUnreachableSince : null);
  }

  /** A copy paused for a rate limit until {@code until}, counting one more pause. */
  public Checkpoint pausedForRateLimit(String source, Instant until, Instant now) {
    return copy(
        completedRuns,
        now,
        CheckpointStatus.PAUSED_RATE_LIMIT,
        source,
        until,
        pauseCount + 1,
        pid,
        runErrors,
        null);
  }

  /** A copy written by process {@code newPid} (on resume). */
  public Checkpoint withPid(long newPid, Instant now) {
    return copy(
        completedRuns,
        now,
        status,
        rateLimitSource,
        rateLimitUntil,
        pauseCount,
        newPid,
        runErrors,
        apiUnreachableSince);
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
