package dev.scylla.core.engine.internal;

import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentOutcome;
import dev.scylla.core.agent.AgentRequest;
import dev.scylla.core.engine.ExperimentException;
import dev.scylla.core.engine.ExperimentListener;
import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.engine.ExperimentStatus;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.SubTestSpec;
import dev.scylla.core.judge.JudgeContext;
import dev.scylla.core.judge.JudgePrompt;
import dev.scylla.core.judge.VerdictParser;
import dev.scylla.core.judge.WorkspaceChecks;
import dev.scylla.core.metrics.Consensus;
import dev.scylla.core.metrics.Metrics;
import dev.scylla.core.model.AgentResult;
import dev.scylla.core.model.CriterionScore;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.model.JudgeResult;
import dev.scylla.core.model.Provenance;
import dev.scylla.core.model.RateLimitInfo;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.model.TierResult;
import dev.scylla.core.model.TokenStats;
import dev.scylla.core.report.ReportWriter;
import dev.scylla.core.results.Checkpoint;
import dev.scylla.core.results.CheckpointStatus;
import dev.scylla.core.results.ConfigHash;
import dev.scylla.core.results.ResultFiles;
import dev.scylla.core.results.RunState;
import dev.scylla.core.results.ScyllaJson;
import dev.scylla.core.workspace.PreparedWorkspace;
import dev.scylla.core.workspace.SubTestResources;
import dev.scylla.core.workspace.TaskRepository;
import dev.scylla.core.workspace.WorkspacePreparer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one experiment: the machinery behind {@code ExperimentRunner}. */
public final class Engine {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
  private static final DateTimeFormatter DIR_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** Everything the engine needs, as the public builder collected it. */
  public record Settings(
      Fixture fixture,
      ExperimentConfig config,
      Path resultsRoot,
      AgentAdapter agent,
      AgentAdapter judge,
      boolean fresh,
      ExperimentListener listener,
      Runnable afterAgentCall,
      Provenance provenance,
      Duration rateLimitFallbackPause,
      Duration checksTimeout,
      String python,
      Clock clock) {}

  private final Settings s;
  private final ExperimentConfig config;
  private final Fixture fixture;
  private final ExperimentListener listener;
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private volatile ExperimentStatus stopStatus;
  private volatile String stopMessage;
  private final AtomicBoolean budgetHit = new AtomicBoolean();
  private final DoubleAdder spent = new DoubleAdder();
  private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
  private final Object pauseLock = new Object();
  private volatile Instant pauseUntil = Instant.EPOCH;
  private final AtomicInteger runsDone = new AtomicInteger();
  private final Map<String, RateLimitInfo> rateLimits = new ConcurrentHashMap<>();
  private final WorkspaceChecks checks;
  private volatile Thread mainThread;

  private final Object checkpointLock = new Object();
  private Checkpoint checkpoint;
  private TaskRepository repo;
  private Path experimentDir;

  /** An engine for the given settings; nothing runs before {@link #run()}. */
  public Engine(Settings settings) {
    this.s = settings;
    this.config = settings.config();
    this.fixture = settings.fixture();
    this.listener = new SafeListener(settings.listener());
    this.checks = new WorkspaceChecks(settings.checksTimeout(), settings.python());
  }

  /** Asks the engine to stop: no new work starts, running agents are killed, checkpoint kept. */
  public void requestStop() {
    stop(ExperimentStatus.INTERRUPTED, "stopped on request; run the same command again to resume");
  }

  private void stop(ExperimentStatus status, String message) {
    if (stopRequested.compareAndSet(false, true)) {
      stopStatus = status;
      stopMessage = message;
      workers.forEach(Thread::interrupt);
    }
  }

  /** Runs the experiment to its end (or a stop) and returns the outcome. */
  public ExperimentOutcome run() {
    mainThread = Thread.currentThread();
    Instant sessionStart = s.clock().instant();
    experimentDir = chooseExperimentDir(sessionStart);
    double previousDuration = previousDuration(experimentDir);
    long pid = ProcessHandle.current().pid();
    Path checkpointFile = experimentDir.resolve("checkpoint.json");
    if (Files.exists(checkpointFile)) {
      Checkpoint previous = Checkpoint.read(checkpointFile);
      updateCheckpoint(
          c -> previous.withPid(pid, now()).withStatus(CheckpointStatus.RUNNING, now()));
    } else {
      String hash = ConfigHash.of(config);
      updateCheckpoint(
          c -> Checkpoint.start(config.experimentId(), experimentDir, hash, sessionStart, pid));
    }
    ResultFiles.writeJson(experimentDir.resolve("config/experiment.json"), config);
    ResultFiles.writeText(experimentDir.resolve("prompt.md"), fixture.prompt());
    ResultFiles.writeJson(
        experimentDir.resolve("config/rubric.json"),
        Map.of(
            "pass_threshold", fixture.rubric().passThreshold(),
            "grade_scale", fixture.rubric().gradeScale()));

    List<List<TierId>> groups = groups();
    Map<TierId, List<SubTestSpec>> plan = new EnumMap<>(TierId.class);
    int total = 0;
    int done = 0;
    for (List<TierId> g : groups) {
      for (TierId t : g) {
        List<SubTestSpec> specs = fixture.subTests(t);
        if (config.maxSubtests() != null && specs.size() > config.maxSubtests()) {
          specs = specs.subList(0, config.maxSubtests());
        }
        plan.put(t, specs);
        for (SubTestSpec spec : specs) {
          for (int r = 1; r <= config.runsPerSubtest(); r++) {
            total++;
            Optional<RunState> st = checkpoint().runState(t, spec.id(), r);
            if (st.map(RunState::finished).orElse(false)) {
              done++;
            }
            // Agent cost already spent counts against the budget before any new run starts.
            if (st.isPresent()) {
              Path agentFile = runDir(spec, r).resolve("agent/result.json");
              read(agentFile, AgentResult.class).map(AgentResult::costUsd).ifPresent(spent::add);
            }
          }
        }
      }
    }
    listener.experimentStarted(config.experimentId(), experimentDir, total, done);

    Map<TierId, TierResult> tierResults = new EnumMap<>(TierId.class);
    Map<String, SubTestResources> resolved = new ConcurrentHashMap<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            config.parallelSubtests(),
            r -> {
              Thread t = new Thread(r, "scylla-subtest");
              t.setDaemon(true);
              return t;
            });
    try {
      repo =
          TaskRepository.open(
              config.taskRepo(),
              config.taskCommit(),
              fixture.testDir(),
              experimentDir.resolve("repo"));
      for (List<TierId> group : groups) {
        if (stopRequested.get()) {
          break;
        }
        Map<TierId, Map<String, Future<SubTestResult>>> futures = new EnumMap<>(TierId.class);
        for (TierId tier : group) {
          Map<String, Future<SubTestResult>> byId = new LinkedHashMap<>();
          for (SubTestSpec spec : plan.get(tier)) {
            SubTestResources baseline = baseline(tier, spec, tierResults, plan, resolved);
            resolved.put(spec.key(), WorkspacePreparer.resolve(spec, baseline));
            byId.put(spec.id(), pool.submit(() -> runSubTest(spec, baseline)));
          }
          futures.put(tier, byId);
        }
        for (TierId tier : group) {
          Map<String, SubTestResult> subs = new LinkedHashMap<>();
          for (Map.Entry<String, Future<SubTestResult>> e : futures.get(tier).entrySet()) {
            SubTestResult r = await(e.getValue());
            if (r != null) {
              subs.put(e.getKey(), r);
            }
          }
          if (subs.isEmpty()) {
            continue;
          }
          TierResult tr =
              Metrics.tierResult(
                  tier, new ArrayList<>(subs.values()), inheritedFrom(tier, plan, resolved));
          tierResults.put(tier, tr);
          ReportWriter.writeTier(experimentDir, tr, fixture.rubric().passThreshold());
          if (!stopRequested.get() || subs.size() == plan.get(tier).size()) {
            listener.tierFinished(tr);
          }
        }
      }
    } catch (InterruptedException e) {
      requestStop();
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // A failure that ends the experiment (bad repository, unknown MCP server, missing agent
      // binary): stop the other workers and leave a resumable checkpoint behind.
      stop(ExperimentStatus.INTERRUPTED, e.getMessage());
      pool.shutdownNow();
      awaitTermination(pool);
      updateCheckpoint(c -> c.withStatus(CheckpointStatus.INTERRUPTED, now()));
      throw e;
    } finally {
      pool.shutdownNow();
      awaitTermination(pool);
    }

    Instant end = s.clock().instant();
    ExperimentStatus status;
    String message;
    if (stopRequested.get()) {
      status = stopStatus;
      message = stopMessage;
    } else if (budgetHit.get()) {
      status = ExperimentStatus.BUDGET_EXHAUSTED;
      message =
          String.format(
              java.util.Locale.ROOT,
              "stopped on its budget: $%.4f spent of max_cost_usd $%.4f",
              spent.sum(),
              config.maxCostUsd());
    } else {
      status = ExperimentStatus.COMPLETED;
      message = "completed";
    }
    CheckpointStatus finalStatus =
        status == ExperimentStatus.COMPLETED
            ? CheckpointStatus.COMPLETED
            : CheckpointStatus.INTERRUPTED;
    updateCheckpoint(c -> c.withStatus(finalStatus, now()));
    double duration = previousDuration + Duration.between(sessionStart, end).toNanos() / 1e9;
    ExperimentResult result =
        experimentResult(tierResults, checkpoint().startedAt(), end, duration, status);
    int errored = 0;
    for (TierResult t : tierResults.values()) {
      for (SubTestResult st : t.subtestResults().values()) {
        errored += (int) st.runs().stream().filter(r -> r.error() != null).count();
      }
    }
    ReportWriter.writeExperiment(experimentDir, result, fixture.rubric().passThreshold());
    return new ExperimentOutcome(
        status, result, experimentDir, errored, fixture.rubric().passThreshold(), message);
  }

  private Checkpoint checkpoint() {
    synchronized (checkpointLock) {
      return checkpoint;
    }
  }

  /** Applies a change to the checkpoint and writes it; serialised so no update is lost. */
  private void updateCheckpoint(UnaryOperator<Checkpoint> change) {
    synchronized (checkpointLock) {
      Checkpoint next = change.apply(checkpoint);
      next.write(experimentDir.resolve("checkpoint.json"));
      checkpoint = next;
    }
  }

  private void recordRun(SubTestSpec spec, int run, RunState state) {
    updateCheckpoint(c -> c.withRun(spec.tier(), spec.id(), run, state, now()));
  }

  private Instant now() {
    return s.clock().instant();
  }

  private static void awaitTermination(ExecutorService pool) {
    boolean interrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
          break;
        }
        LOG.warn("still waiting for sub-test workers to stop");
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private SubTestResult await(Future<SubTestResult> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new ExperimentException("a sub-test failed: " + c, c);
    }
  }

  private List<List<TierId>> groups() {
    List<TierId> first = new ArrayList<>();
    List<List<TierId>> groups = new ArrayList<>();
    for (TierId t : config.tiersToRun().stream().sorted().toList()) {
      if (t.ordinal() <= TierId.T4.ordinal()) {
        first.add(t);
      }
    }
    if (!first.isEmpty()) {
      groups.add(first);
    }
    for (TierId t : List.of(TierId.T5, TierId.T6)) {
      if (config.tiersToRun().contains(t)) {
        groups.add(List.of(t));
      }
    }
    return groups;
  }

  /**
   * T5: the best sub-tests of the tiers it inherits from (T0–T4 by default); T6: the best of T5.
   */
  private SubTestResources baseline(
      TierId tier,
      SubTestSpec spec,
      Map<TierId, TierResult> results,
      Map<TierId, List<SubTestSpec>> plan,
      Map<String, SubTestResources> resolved) {
    List<TierId> from;
    if (!spec.inheritBestFrom().isEmpty()) {
      from = spec.inheritBestFrom();
    } else if (tier == TierId.T5) {
      from = List.of(TierId.T0, TierId.T1, TierId.T2, TierId.T3, TierId.T4);
    } else if (tier == TierId.T6) {
      from = List.of(TierId.T5);
    } else {
      return null;
    }
    SubTestResources base = null;
    for (TierId t : from) {
      TierResult tr = results.get(t);
      if (tr == null || tr.bestSubtest() == null) {
        LOG.info(
            "{}: no best sub-test of {} to inherit (tier not run or not scored)", spec.key(), t);
        continue;
      }
      SubTestResources best = resolved.get(t.name() + "/" + tr.bestSubtest());
      if (best == null) {
        continue;
      }
      best = best.from(t.name() + "/" + tr.bestSubtest());
      base = base == null ? best : base.plus(best);
    }
    return base;
  }

  private List<String> inheritedFrom(
      TierId tier, Map<TierId, List<SubTestSpec>> plan, Map<String, SubTestResources> resolved) {
    return plan.get(tier).stream()
        .map(spec -> resolved.get(spec.key()))
        .filter(Objects::nonNull)
        .flatMap(r -> r.inheritedFrom().stream())
        .distinct()
        .toList();
  }

  private SubTestResult runSubTest(SubTestSpec spec, SubTestResources baseline) {
    workers.add(Thread.currentThread());
    try {
      List<RunResult> runs = new ArrayList<>();
      for (int r = 1; r <= config.runsPerSubtest(); r++) {
        if (stopRequested.get()) {
          break;
        }
        RunResult result;
        try {
          result = runOne(spec, baseline, r);
        } catch (InterruptedException e) {
          // A stop: this run stays unfinished in the checkpoint and runs again on resume.
          break;
        } catch (RuntimeException e) {
          if (stopRequested.get()) {
            // The stop's interrupt broke a file or process operation of the run in flight.
            LOG.debug("{} run {} ended by the stop: {}", spec.key(), r, e.toString());
            break;
          }
          throw e;
        }
        if (result != null) {
          runs.add(result);
        }
      }
      // Clear a stop's interrupt so the reports below can still be written.
      Thread.interrupted();
      if (runs.isEmpty()) {
        return null;
      }
      SubTestResult st =
          Metrics.summarize(spec.tier(), spec.id(), runs, rateLimits.get(spec.key()));
      ReportWriter.writeSubTest(experimentDir, st, fixture.rubric().passThreshold());
      if (runs.size() == config.runsPerSubtest()) {
        listener.subTestFinished(st);
      }
      return st;
    } finally {
      workers.remove(Thread.currentThread());
      // A stop's interrupt must not leak into the next task of this pool thread.
      Thread.interrupted();
    }
  }

  private Path runDir(SubTestSpec spec, int run) {
    return experimentDir
        .resolve(spec.tier().name())
        .resolve(spec.id())
        .resolve(String.format("run_%02d", run));
  }

  private RunResult runOne(SubTestSpec spec, SubTestResources baseline, int run)
      throws InterruptedException {
    String tier = spec.tier().name();
    Path runDir = runDir(spec, run);
    RunState state = checkpoint().runState(spec.tier(), spec.id(), run).orElse(null);
    if (state != null && state.finished()) {
      Optional<RunResult> done = read(runDir.resolve("run_result.json"), RunResult.class);
      if (done.isPresent()) {
        return done.get();
      }
      LOG.warn(
          "{} run {}: checkpoint says {} but run_result.json is missing; running it again",
          spec.key(),
          run,
          state);
    }
    Path workspace = runDir.resolve("workspace");
    AgentResult agentResult = null;
    String preparedCommit = null;
    if (state == RunState.AGENT_COMPLETE) {
      agentResult = read(runDir.resolve("agent/result.json"), AgentResult.class).orElse(null);
      preparedCommit = preparedCommit(runDir);
      if (preparedCommit == null || !Files.isDirectory(workspace)) {
        agentResult = null;
      }
    }
    if (agentResult == null) {
      if (config.maxCostUsd() != null && spent.sum() >= config.maxCostUsd()) {
        if (budgetHit.compareAndSet(false, true)) {
          listener.budgetExhausted(spent.sum(), config.maxCostUsd());
        }
        return null;
      }
      if (stopRequested.get()) {
        throw new InterruptedException("stopping");
      }
      long t0 = System.nanoTime();
      deleteQuietly(runDir.resolve("agent"));
      deleteQuietly(runDir.resolve("judge"));
      repo.addWorktree(workspace);
      PreparedWorkspace prepared = WorkspacePreparer.prepare(workspace, spec, baseline, runDir);
      preparedCommit = prepared.preparedCommit();
      LOG.debug(
          "{} run {}: workspace ready in {} ms",
          spec.key(),
          run,
          (System.nanoTime() - t0) / 1_000_000);
      ResultFiles.writeText(runDir.resolve("task_prompt.md"), fixture.prompt());
      listener.runStarted(spec.tier(), spec.id(), run);
      AgentRequest request =
          new AgentRequest(
              AgentRequest.Role.AGENT,
              tier,
              spec.id(),
              run,
              0,
              workspace,
              fixture.prompt(),
              config.model(),
              config.maxTurns(),
              Duration.ofSeconds(config.timeoutSeconds()),
              prepared.tools(),
              prepared.mcpConfig(),
              runDir.resolve("agent"));
      AgentOutcome outcome = call(s.agent(), request);
      if (outcome == null) {
        return null;
      }
      Double cost = outcome.costUsd(config.model());
      agentResult =
          new AgentResult(
              outcome.exitCode(),
              outcome.tokenStats(),
              cost,
              outcome.durationSeconds(),
              outcome.resultText(),
              outcome.isError(),
              outcome.subtype(),
              config.model(),
              outcome.sessionId(),
              outcome.numTurns(),
              outcome.timedOut());
      ResultFiles.writeJson(runDir.resolve("agent/result.json"), agentResult);
      ResultFiles.writeText(runDir.resolve("agent/output.txt"), outcome.resultText());
      spent.add(Objects.requireNonNullElse(cost, 0.0));
      recordRun(spec, run, RunState.AGENT_COMPLETE);
    }

    long tj = System.nanoTime();
    List<JudgeResult> judges = judge(spec, run, runDir, workspace, preparedCommit, agentResult);
    LOG.debug("{} run {}: judged in {} ms", spec.key(), run, (System.nanoTime() - tj) / 1_000_000);
    if (judges == null) {
      return null;
    }
    Consensus c = Consensus.of(judges, fixture.rubric().gradeScale());
    double judgeSeconds = judges.stream().mapToDouble(JudgeResult::durationSeconds).sum();
    Map<String, CriterionScore> criteria = c.criteriaScores();
    String error = null;
    if (!agentResult.succeeded()) {
      error =
          "agent "
              + (agentResult.timedOut() ? "timed out" : "failed")
              + ": "
              + firstLine(agentResult.result());
    } else {
      for (JudgeResult j : judges) {
        if (!j.valid()) {
          error = "judge " + j.judgeNumber() + " (" + j.model() + "): " + firstLine(j.error());
          break;
        }
      }
    }
    RunResult result =
        new RunResult(
            run,
            agentResult.exitCode(),
            agentResult.tokenStats(),
            agentResult.costUsd(),
            agentResult.durationSeconds() + judgeSeconds,
            agentResult.durationSeconds(),
            judgeSeconds,
            c.score(),
            c.passed(),
            c.grade(),
            c.score() == null ? c.reasoning() : c.reasoning(),
            judges,
            workspace.toString(),
            runDir.resolve("agent").toString(),
            runDir.resolve("agent/replay.sh").toString(),
            criteria,
            judgeCost(judges),
            error);
    ResultFiles.writeJson(runDir.resolve("run_result.json"), result);
    recordRun(spec, run, result.judgePassed() ? RunState.PASSED : RunState.FAILED);
    runsDone.incrementAndGet();
    listener.runFinished(spec.tier(), spec.id(), result);
    return result;
  }

  /**
   * The cost of a run's judge calls: 0 when there was none (a missing figure would make every total
   * unknown), unknown when any call's cost is unknown, else their sum.
   */
  static Double judgeCost(List<JudgeResult> judges) {
    double sum = 0;
    for (JudgeResult j : judges) {
      if (j.costUsd() == null) {
        return null;
      }
      sum += j.costUsd();
    }
    return sum;
  }

  private List<JudgeResult> judge(
      SubTestSpec spec,
      int run,
      Path runDir,
      Path workspace,
      String preparedCommit,
      AgentResult agentResult)
      throws InterruptedException {
    Path judgeDir = runDir.resolve("judge");
    JudgeContext ctx =
        JudgeContext.collect(
            workspace,
            preparedCommit,
            agentResult.result(),
            fixture.test().language(),
            checks,
            judgeDir.resolve("checks"));
    LOG.debug("{} run {}: checks done", spec.key(), run);
    String prompt = JudgePrompt.build(fixture.prompt(), fixture.criteria(), fixture.rubric(), ctx);
    ResultFiles.writeText(judgeDir.resolve("prompt.md"), prompt);
    List<JudgeResult> results = new ArrayList<>();
    int n = 0;
    for (String model : config.judgeModels()) {
      n++;
      Path dir = judgeDir.resolve(String.format("judge_%02d", n));
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new ExperimentException("cannot create " + dir + ": " + e.getMessage(), e);
      }
      AgentRequest request =
          new AgentRequest(
              AgentRequest.Role.JUDGE,
              spec.tier().name(),
              spec.id(),
              run,
              n,
              dir,
              prompt,
              model,
              null,
              Duration.ofSeconds(config.timeoutSeconds()),
              null,
              null,
              dir);
      AgentOutcome o = call(s.judge(), request);
      if (o == null) {
        return null;
      }
      ResultFiles.writeText(dir.resolve("response.txt"), o.resultText());
      TokenStats tokens = o.tokenStats();
      Double cost = o.costUsd(model);
      JudgeResult jr;
      if (o.isError()) {
        jr =
            JudgeResult.invalid(
                model,
                n,
                (o.timedOut() ? "judge timed out: " : "judge call failed: ")
                    + firstLine(o.resultText()),
                cost,
                tokens,
                o.durationSeconds());
      } else {
        jr =
            VerdictParser.parse(
                model, n, o.resultText(), fixture.rubric(), cost, tokens, o.durationSeconds());
      }
      ResultFiles.writeJson(dir.resolve("judgment.json"), jr);
      results.add(jr);
    }
    return results;
  }

  /**
   * Calls an adapter, pausing and retrying on rate limits; returns {@code null} when the login
   * failed (the experiment then stops).
   */
  private AgentOutcome call(AgentAdapter adapter, AgentRequest request)
      throws InterruptedException {
    while (true) {
      awaitPause();
      if (stopRequested.get()) {
        throw new InterruptedException("stopping");
      }
      AgentOutcome o = adapter.run(request);
      if (s.afterAgentCall() != null) {
        s.afterAgentCall().run();
      }
      switch (FailureClassifier.classify(o)) {
        case AUTH:
          String who = request.role() == AgentRequest.Role.AGENT ? "agent" : "judge";
          String msg =
              "the "
                  + who
                  + "'s login failed ("
                  + firstLine(o.resultText().isBlank() ? o.stderr() : o.resultText())
                  + "): renew the Claude login (run `claude` and /login), then run the same"
                  + " command again to resume";
          stop(ExperimentStatus.AUTH_FAILED, msg);
          listener.authFailed(msg);
          return null;
        case RATE_LIMIT:
          String text = o.resultText() + "\n" + o.stderr();
          String source = request.role() == AgentRequest.Role.AGENT ? "agent" : "judge";
          Duration d = pause(text, source);
          rateLimits.put(
              request.tierId() + "/" + request.subTestId(),
              new RateLimitInfo(
                  source, d.toMillis() / 1000.0, firstLine(text), s.clock().instant()));
          continue;
        default:
          return o;
      }
    }
  }

  private Duration pause(String text, String source) {
    Duration d = FailureClassifier.pauseFor(text, s.clock(), s.rateLimitFallbackPause());
    Instant until = s.clock().instant().plus(d);
    synchronized (pauseLock) {
      if (until.isAfter(pauseUntil)) {
        pauseUntil = until;
        updateCheckpoint(c -> c.pausedForRateLimit(source, until, now()));
        listener.rateLimitPaused(d, until, firstLine(text));
      }
    }
    return d;
  }

  private void awaitPause() throws InterruptedException {
    boolean paused = false;
    while (true) {
      if (stopRequested.get()) {
        throw new InterruptedException("stopping");
      }
      long ms = Duration.between(s.clock().instant(), pauseUntil).toMillis();
      if (ms <= 0) {
        break;
      }
      paused = true;
      Thread.sleep(Math.min(ms, 200));
    }
    if (paused) {
      synchronized (pauseLock) {
        if (checkpoint().status() == CheckpointStatus.PAUSED_RATE_LIMIT
            && !s.clock().instant().isBefore(pauseUntil)) {
          updateCheckpoint(c -> c.withStatus(CheckpointStatus.RUNNING, now()));
        }
      }
    }
  }

  private ExperimentResult experimentResult(
      Map<TierId, TierResult> tiers,
      Instant start,
      Instant end,
      double duration,
      ExperimentStatus status) {
    Provenance p = s.provenance();
    Provenance prov =
        new Provenance(
            p == null ? null : p.scyllaVersion(),
            p == null ? null : p.runnerImageId(),
            p == null ? null : p.runnerImageHash(),
            p == null ? null : p.claudeCodeVersion(),
            config.models(),
            config.judgeModels());
    String stopReason =
        switch (status) {
          case COMPLETED -> null;
          case INTERRUPTED -> "interrupted";
          case AUTH_FAILED -> "auth_failed";
          case BUDGET_EXHAUSTED -> "budget_exhausted";
        };
    ExperimentResult base = Metrics.experimentResult(config, tiers, start, end, prov, stopReason);
    // Duration over every session of a resumed experiment; completed_at only once it completed.
    return base.withTiming(duration, status == ExperimentStatus.COMPLETED ? end : null);
  }

  private Path chooseExperimentDir(Instant now) {
    Path root = s.resultsRoot().toAbsolutePath().normalize();
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new ExperimentException(
          "cannot create results directory " + root + ": " + e.getMessage(), e);
    }
    String suffix = "-" + config.experimentId();
    if (!s.fresh()) {
      Optional<Path> existing;
      try (Stream<Path> list = Files.list(root)) {
        existing =
            list.filter(p -> p.getFileName().toString().endsWith(suffix))
                .filter(p -> p.getFileName().toString().matches("\\d{8}T\\d{6}Z-.*"))
                .filter(p -> Files.exists(p.resolve("checkpoint.json")))
                .max(Comparator.comparing(p -> p.getFileName().toString()));
      } catch (IOException e) {
        throw new ExperimentException("cannot list " + root + ": " + e.getMessage(), e);
      }
      if (existing.isPresent()) {
        Checkpoint cp = Checkpoint.read(existing.get().resolve("checkpoint.json"));
        String hash = ConfigHash.of(config);
        if (!cp.configHash().equals(hash)) {
          throw new ExperimentException(
              "experiment '"
                  + config.experimentId()
                  + "' in "
                  + existing.get()
                  + " was run with a different configuration (hash "
                  + cp.configHash()
                  + ", now "
                  + hash
                  + "): use --fresh to start over, or another --experiment-id");
        }
        LOG.info("resuming {}", existing.get());
        return existing.get();
      }
    }
    Instant stamp = now;
    Path dir = root.resolve(DIR_TIME.format(stamp) + suffix);
    while (Files.exists(dir)) {
      // Same id twice in one second (--fresh): the next free second keeps names sortable.
      stamp = stamp.plusSeconds(1);
      dir = root.resolve(DIR_TIME.format(stamp) + suffix);
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ExperimentException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    return dir;
  }

  private static double previousDuration(Path dir) {
    return read(dir.resolve("result.json"), com.fasterxml.jackson.databind.JsonNode.class)
        .map(n -> n.path("total_duration_seconds").asDouble(0))
        .orElse(0.0);
  }

  private static String preparedCommit(Path runDir) {
    return read(
            runDir.resolve("config_manifest.json"), com.fasterxml.jackson.databind.JsonNode.class)
        .map(n -> n.path("prepared_commit").asText(null))
        .orElse(null);
  }

  private static <T> Optional<T> read(Path file, Class<T> type) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(ScyllaJson.mapper().readValue(file.toFile(), type));
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot read {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  private static String firstLine(String s) {
    if (s == null || s.isBlank()) {
      return "<no output>";
    }
    String line = s.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.getMessage());
    }
  }
}
