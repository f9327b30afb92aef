package dev.scylla.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scylla.core.ErrorKind;
import dev.scylla.core.ScyllaException;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.model.TierResult;
import dev.scylla.core.report.LoadedReport;
import dev.scylla.core.report.ReportLoader;
import dev.scylla.core.results.ResultFiles;
import dev.scylla.core.results.ResultsLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs several tests as one batch: every test's experiment at once, sharing one fair pool of run
 * slots and one agent-cost budget ({@link BatchLimits}), each in its own unchanged experiment
 * folder inside one batch folder {@code <results>/<UTC timestamp>-<batch id>/} that also holds
 * {@code batch.json} (the tests, the settings and each test's state) and the batch's summary files
 * ({@link BatchFiles}).
 *
 * <p>Running the same batch again resumes it: finished tests are left untouched, the others run
 * (their experiments resume). A test whose input is bad ({@link ErrorKind#INPUT}) is recorded as
 * skipped with its reason and the others run on. A changed list of tests or changed settings need a
 * fresh batch.
 */
public final class BatchRunner {
  private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);

  /** Runs one test's experiment in the batch folder with the batch's limits. */
  @FunctionalInterface
  public interface TestRun {
    /**
     * Runs {@code test}'s experiment with results root {@code batchDir}; its runs take {@code
     * limits}' slots and budget, and its engine events go (also) to {@code listener}. An interrupt
     * of the calling thread stops it as a stop request does.
     *
     * @throws ScyllaException of kind {@link ErrorKind#INPUT} for bad input: the test is skipped
     */
    ExperimentOutcome run(
        BatchTest test, Path batchDir, BatchLimits limits, ExperimentListener listener)
        throws InterruptedException;
  }

  /** Progress of a batch; called from the tests' threads, must be thread-safe and quick. */
  public interface Listener {
    /** The batch starts (or resumes) in {@code batchDir}. */
    default void batchStarted(String batchId, Path batchDir, int tests, int finished) {}

    /** The batch's counters changed (a run or a test finished). */
    default void progress(BatchProgress progress) {}

    /** A test ended (finished, stopped, skipped or failed) in this session. */
    default void testEnded(BatchTestResult result) {}
  }

  private final Settings s;
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();

  private record Settings(
      String batchId,
      List<BatchTest> tests,
      Map<String, String> settings,
      Path resultsRoot,
      int parallel,
      Double maxCostUsd,
      boolean fresh,
      Clock clock,
      Listener listener,
      TestRun testRun) {}

  private BatchRunner(Settings settings) {
    this.s = settings;
  }

  /** A builder; batch id, tests, results root and the test run are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the batch to its end (or a stop) and writes its summary files.
   *
   * @throws ConfigChangedException when the batch to resume has other tests or settings
   * @throws ExperimentException when the batch folder cannot be made or read
   */
  public BatchResult run() {
    Instant start = s.clock().instant();
    Path dir = chooseFolder(start);
    Map<String, BatchTestResult> states = new LinkedHashMap<>();
    Map<String, BatchTestResult> previous = readStates(dir);
    BatchLimits limits = new BatchLimits(s.parallel(), s.maxCostUsd());
    Counters counters = new Counters(s.tests().size(), start);
    for (BatchTest t : s.tests()) {
      BatchTestResult before = previous.get(t.id());
      if (before != null && before.state() == BatchTestState.COMPLETED) {
        states.put(t.id(), before);
        LoadedReport report = loadOrNull(before.experimentDir());
        if (report != null) {
          limits.spend(report.result().totalCost());
          counters.finishedTest(runCount(report), report.result().totalCost());
        } else {
          counters.finishedTest(0, null);
        }
      } else {
        Path expDir = before == null ? null : before.experimentDir();
        states.put(t.id(), new BatchTestResult(t, BatchTestState.PENDING, "", expDir));
      }
    }
    writeBatchJson(dir, states, "running", start);
    s.listener().batchStarted(s.batchId(), dir, s.tests().size(), counters.testsDone);
    s.listener().progress(counters.progress(s.clock()));

    for (BatchTest t : s.tests()) {
      if (states.get(t.id()).state() == BatchTestState.COMPLETED) {
        continue;
      }
      Thread thread =
          new Thread(
              () -> runTest(t, dir, limits, states, counters, start), "scylla-batch-" + t.id());
      thread.setDaemon(true);
      synchronized (threads) {
        threads.add(thread);
      }
      thread.start();
    }
    boolean interrupted = false;
    for (Thread thread : List.copyOf(threads)) {
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
          requestStop();
        }
      }
    }
    boolean done = states.values().stream().allMatch(r -> r.state() == BatchTestState.COMPLETED);
    String status =
        stopRequested.get() || interrupted ? "interrupted" : done ? "completed" : "ended";
    writeBatchJson(dir, states, status, start);
    BatchResult result = new BatchResult(s.batchId(), dir, List.copyOf(states.values()), status);
    BatchFiles.write(dir);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return result;
  }

  /** Asks every running test to stop (their checkpoints are kept); no test starts after it. */
  public void requestStop() {
    stopRequested.set(true);
    synchronized (threads) {
      threads.forEach(Thread::interrupt);
    }
  }

  private void runTest(
      BatchTest t,
      Path dir,
      BatchLimits limits,
      Map<String, BatchTestResult> states,
      Counters counters,
      Instant start) {
    if (stopRequested.get()) {
      return;
    }
    update(
        dir,
        states,
        new BatchTestResult(t, BatchTestState.RUNNING, "", states.get(t.id()).experimentDir()),
        start);
    ExperimentListener listener =
        new ExperimentListener() {
          private int planned;
          private int seen;

          @Override
          public void experimentStarted(String id, Path experimentDir, int totalRuns, int done) {
            synchronized (this) {
              planned = totalRuns;
              seen = done;
            }
            counters.testStarted(totalRuns, done);
            update(
                dir,
                states,
                new BatchTestResult(t, BatchTestState.RUNNING, "", experimentDir),
                start);
            s.listener().progress(counters.progress(s.clock()));
          }

          @Override
          public void runFinished(TierId tier, String subTestId, RunResult result) {
            synchronized (this) {
              seen++;
            }
            counters.runFinished(result.costUsd());
            s.listener().progress(counters.progress(s.clock()));
          }
        };
    BatchTestResult end;
    try {
      ExperimentOutcome outcome = s.testRun().run(t, dir, limits, listener);
      end =
          new BatchTestResult(
              t,
              BatchTestState.of(outcome.status()),
              outcome.status() == ExperimentStatus.COMPLETED ? "" : outcome.message(),
              outcome.experimentDir());
    } catch (InterruptedException e) {
      end =
          new BatchTestResult(
              t,
              BatchTestState.INTERRUPTED,
              "stopped before it started",
              states.get(t.id()).experimentDir());
    } catch (ScyllaException e) {
      BatchTestState state =
          switch (e.kind()) {
            case INPUT -> BatchTestState.SKIPPED;
            case CREDENTIALS -> BatchTestState.AUTH_FAILED;
            case INFRASTRUCTURE, INTERNAL -> BatchTestState.FAILED;
          };
      end =
          new BatchTestResult(
              t, state, oneLine(e.getMessage()), states.get(t.id()).experimentDir());
    } catch (RuntimeException e) {
      LOG.warn("test {} failed", t.id(), e);
      end =
          new BatchTestResult(
              t,
              BatchTestState.FAILED,
              oneLine(String.valueOf(e)),
              states.get(t.id()).experimentDir());
    }
    update(dir, states, end, start);
    counters.testEnded();
    s.listener().testEnded(end);
    s.listener().progress(counters.progress(s.clock()));
  }

  private void update(
      Path dir, Map<String, BatchTestResult> states, BatchTestResult r, Instant start) {
    synchronized (states) {
      states.put(r.test().id(), r);
      writeBatchJson(dir, states, "running", start);
    }
  }

  private static String oneLine(String message) {
    String m = message == null ? "" : message.strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl).strip();
  }

  private static int runCount(LoadedReport report) {
    int n = 0;
    for (TierResult tier : report.result().tierResults().values()) {
      for (SubTestResult st : tier.subtestResults().values()) {
        n += st.runs().size();
      }
    }
    return n;
  }

  private static LoadedReport loadOrNull(Path experimentDir) {
    if (experimentDir == null || !Files.isDirectory(experimentDir)) {
      return null;
    }
    try {
      return ReportLoader.load(experimentDir);
    } catch (RuntimeException e) {
      LOG.warn("cannot read {}: {}", experimentDir, e.toString());
      return null;
    }
  }

  /** The folder of the batch: the latest of this id to resume (same tests and settings), or new. */
  private Path chooseFolder(Instant now) {
    Path root = s.resultsRoot().toAbsolutePath().normalize();
    createDirectories(root);
    if (!s.fresh()) {
      Optional<Path> existing = latest(root, s.batchId());
      if (existing.isPresent()) {
        JsonNode json = readJson(existing.get().resolve(BatchFiles.BATCH_JSON));
        List<Map<String, String>> tests = new ArrayList<>();
        json.path("tests")
            .forEach(
                n ->
                    tests.add(
                        Map.of(
                            "id", n.path("id").asText(), "test_dir", n.path("test_dir").asText())));
        Map<String, String> settings = new LinkedHashMap<>();
        json.path("settings")
            .fields()
            .forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
        if (!tests.equals(testList()) || !settings.equals(s.settings())) {
          throw new ConfigChangedException(
              ConfigChangedException.BATCH_ID,
              "batch '"
                  + s.batchId()
                  + "' in "
                  + existing.get()
                  + " was run with other tests or settings: start it fresh, or give it another id");
        }
        LOG.info("resuming batch {}", existing.get());
        return existing.get();
      }
    }
    Instant stamp = now;
    Path dir = root.resolve(ResultsLayout.folderName(stamp, s.batchId()));
    while (Files.exists(dir)) {
      stamp = stamp.plusSeconds(1);
      dir = root.resolve(ResultsLayout.folderName(stamp, s.batchId()));
    }
    createDirectories(dir);
    return dir;
  }

  private List<Map<String, String>> testList() {
    List<Map<String, String>> list = new ArrayList<>();
    for (BatchTest t : s.tests()) {
      list.add(Map.of("id", t.id(), "test_dir", t.testDir().toString()));
    }
    return list;
  }

  private Map<String, BatchTestResult> readStates(Path dir) {
    Map<String, BatchTestResult> states = new LinkedHashMap<>();
    Path file = dir.resolve(BatchFiles.BATCH_JSON);
    if (!Files.exists(file)) {
      return states;
    }
    for (BatchTestResult r : BatchFiles.readTests(dir)) {
      states.put(r.test().id(), r);
    }
    return states;
  }

  private void writeBatchJson(
      Path dir, Map<String, BatchTestResult> states, String status, Instant start) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("batch_id", s.batchId());
    json.put("status", status);
    json.put("started_at", start.toString());
    json.put("updated_at", s.clock().instant().toString());
    json.put("parallel", s.parallel());
    json.put("max_cost_usd", s.maxCostUsd());
    json.put("settings", s.settings());
    List<Map<String, Object>> tests = new ArrayList<>();
    for (BatchTestResult r : List.copyOf(states.values())) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("id", r.test().id());
      t.put("test_dir", r.test().testDir().toString());
      t.put("state", r.state().json());
      t.put("reason", r.reason());
      t.put(
          "experiment_dir",
          r.experimentDir() == null
              ? null
              : dir.relativize(r.experimentDir().toAbsolutePath().normalize()).toString());
      tests.add(t);
    }
    json.put("tests", tests);
    ResultFiles.writeJson(dir.resolve(BatchFiles.BATCH_JSON), json);
  }

  private static Optional<Path> latest(Path root, String batchId) {
    try (Stream<Path> list = Files.list(root)) {
      return list.filter(p -> ResultsLayout.isFolderOf(p.getFileName().toString(), batchId))
          .filter(p -> Files.isRegularFile(p.resolve(BatchFiles.BATCH_JSON)))
          .max(Comparator.comparing(p -> p.getFileName().toString()));
    } catch (IOException e) {
      throw new ExperimentException("cannot list " + root + ": " + e.getMessage(), e);
    }
  }

  static JsonNode readJson(Path file) {
    try {
      return ScyllaJson.mapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new ExperimentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ExperimentException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The batch's counters, for its progress line. */
  private static final class Counters {
    private final int testsTotal;
    private final Instant sessionStart;
    private int testsDone;
    private int runsDone;
    private int runsTotal;
    private int sessionRuns;
    private double cost;

    Counters(int testsTotal, Instant sessionStart) {
      this.testsTotal = testsTotal;
      this.sessionStart = sessionStart;
    }

    synchronized void finishedTest(int runs, Double costUsd) {
      testsDone++;
      runsDone += runs;
      runsTotal += runs;
      cost += Objects.requireNonNullElse(costUsd, 0.0);
    }

    synchronized void testStarted(int total, int done) {
      runsTotal += total;
      runsDone += done;
    }

    synchronized void runFinished(Double costUsd) {
      runsDone++;
      sessionRuns++;
      cost += Objects.requireNonNullElse(costUsd, 0.0);
    }

    synchronized void testEnded() {
      testsDone++;
    }

    synchronized BatchProgress progress(Clock clock) {
      Duration left = null;
      if (sessionRuns > 0) {
        Duration elapsed = Duration.between(sessionStart, clock.instant());
        long remaining = Math.max(0, runsTotal - runsDone);
        left = elapsed.multipliedBy(remaining).dividedBy(sessionRuns);
      }
      return new BatchProgress(testsDone, testsTotal, runsDone, runsTotal, cost, left);
    }
  }

  /** Options of a {@link BatchRunner}. */
  public static final class Builder {
    private String batchId;
    private List<BatchTest> tests;
    private Map<String, String> settings = Map.of();
    private Path resultsRoot;
    private int parallel = 1;
    private Double maxCostUsd;
    private boolean fresh;
    private Clock clock = Clock.systemUTC();
    private Listener listener = new Listener() {};
    private TestRun testRun;

    private Builder() {}

    /** The batch's id: its folder is {@code <results>/<UTC timestamp>-<id>/}. */
    public Builder batchId(String batchId) {
      this.batchId = Objects.requireNonNull(batchId, "batchId");
      return this;
    }

    /**
     * The tests, in order; their ids must be unique.
     *
     * @throws IllegalArgumentException for an empty list or a repeated id
     */
    public Builder tests(List<BatchTest> tests) {
      if (tests.isEmpty()) {
        throw new IllegalArgumentException("a batch needs at least one test");
      }
      Set<String> ids = new HashSet<>();
      for (BatchTest t : tests) {
        if (!ids.add(t.id())) {
          throw new IllegalArgumentException("two tests have the id '" + t.id() + "'");
        }
      }
      this.tests = List.copyOf(tests);
      return this;
    }

    /** The settings that must not change when the batch resumes (recorded in batch.json). */
    public Builder settings(Map<String, String> settings) {
      this.settings = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(settings));
      return this;
    }

    /** The results root the batch folder goes under. */
    public Builder resultsRoot(Path resultsRoot) {
      this.resultsRoot = Objects.requireNonNull(resultsRoot, "resultsRoot");
      return this;
    }

    /** How many runs may run at once across the batch (default 1). */
    public Builder parallel(int parallel) {
      if (parallel < 1) {
        throw new IllegalArgumentException("parallel must be >= 1, was " + parallel);
      }
      this.parallel = parallel;
      return this;
    }

    /** The batch's agent-cost budget in USD, or null for none. */
    public Builder maxCostUsd(Double maxCostUsd) {
      this.maxCostUsd = maxCostUsd;
      return this;
    }

    /** Start a new batch folder even when one of the same id exists. */
    public Builder fresh(boolean fresh) {
      this.fresh = fresh;
      return this;
    }

    /** The clock (tests). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Receives the batch's progress. */
    public Builder listener(Listener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** How each test's experiment runs. */
    public Builder testRun(TestRun testRun) {
      this.testRun = Objects.requireNonNull(testRun, "testRun");
      return this;
    }

    /**
     * Builds the runner.
     *
     * @throws IllegalStateException when a required input is missing
     */
    public BatchRunner build() {
      if (batchId == null || tests == null || resultsRoot == null || testRun == null) {
        throw new IllegalStateException("batchId, tests, resultsRoot and testRun are required");
      }
      return new BatchRunner(
          new Settings(
              batchId,
              tests,
              settings,
              resultsRoot,
              parallel,
              maxCostUsd,
              fresh,
              clock,
              listener,
              testRun));
    }
  }
}
