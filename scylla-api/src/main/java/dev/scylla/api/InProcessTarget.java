package dev.scylla.api;

import dev.scylla.api.internal.BothListeners;
import dev.scylla.api.internal.JobRun;
import dev.scylla.api.internal.PreparedExperiment;
import dev.scylla.api.internal.ProgressTracker;
import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentAdapterProvider;
import dev.scylla.core.agent.AgentRunners;
import dev.scylla.core.engine.BatchLimits;
import dev.scylla.core.engine.BatchProgress;
import dev.scylla.core.engine.BatchResult;
import dev.scylla.core.engine.BatchRunner;
import dev.scylla.core.engine.BatchTestResult;
import dev.scylla.core.engine.ExperimentListener;
import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.engine.ExperimentRunner;
import dev.scylla.core.engine.JudgeSystemPrompt;
import dev.scylla.core.engine.Rejudge;
import dev.scylla.core.model.Provenance;
import dev.scylla.credentials.CredentialGuard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs jobs with the engine in this JVM: experiments, batches and re-judgings. This is what the
 * Scylla inside the runner container does; on a host it runs the agents as the host's user, with
 * whatever is installed there, and is meant for runners that need no isolation (the scripted one, a
 * runner of one's own) and for tests.
 *
 * <p>The environment (default: this process's) gives {@link ScyllaImage#CLAUDE_BIN_ENV} (the Claude
 * Code binary), {@code CLAUDE_CONFIG_DIR} (guarded after every agent call, as staged credentials
 * are), {@code ANTHROPIC_API_KEY} (recorded as the login kind), {@code PATH} (the {@code python3}
 * of the automatic checks) and the runner image's provenance variables.
 */
public final class InProcessTarget implements Target {

  /** The target with this process's environment and no listeners. */
  static final InProcessTarget DEFAULT =
      new InProcessTarget(System.getenv(), RunListener.none(), ExperimentListener.NONE);

  private final Map<String, String> env;
  private final RunListener listener;
  private final ExperimentListener engineListener;

  private InProcessTarget(
      Map<String, String> env, RunListener listener, ExperimentListener engineListener) {
    this.env = env;
    this.listener = listener;
    this.engineListener = engineListener;
  }

  /** The environment the runners and the provenance read (default: this process's). */
  public InProcessTarget environment(Map<String, String> env) {
    return new InProcessTarget(Map.copyOf(env), listener, engineListener);
  }

  /** Where progress reports go. */
  public InProcessTarget listener(RunListener listener) {
    return new InProcessTarget(env, Objects.requireNonNull(listener, "listener"), engineListener);
  }

  /** The engine's own events too (every run's result as it finishes), after the progress. */
  public InProcessTarget engineListener(ExperimentListener listener) {
    return new InProcessTarget(env, this.listener, Objects.requireNonNull(listener, "listener"));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Runs experiments, batches and re-judgings; a shell needs a container.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <R> JobHandle<R> start(Job<R> job) {
    Objects.requireNonNull(job, "job");
    if (job instanceof ExperimentJob e) {
      return (JobHandle<R>) JobRun.start(job.label(), stop -> runExperiment(e.experiment(), stop));
    }
    if (job instanceof BatchJob b) {
      return (JobHandle<R>) JobRun.start(job.label(), stop -> runBatch(b.batch(), stop));
    }
    if (job instanceof RejudgeJob r) {
      return (JobHandle<R>) JobRun.start(job.label(), stop -> rejudge(r, stop));
    }
    throw new InvalidInputException(
        "an interactive shell runs in a runner container only: start it on a container target");
  }

  private ExperimentOutcome runExperiment(Experiment experiment, JobRun.Stopping stop)
      throws InterruptedException {
    ProgressTracker tracker = new ProgressTracker(listener::progress);
    ExperimentOutcome outcome =
        runOne(
            experiment,
            null,
            engineListener == ExperimentListener.NONE
                ? tracker
                : new BothListeners(tracker, engineListener),
            stop);
    tracker.finished(outcome.status().name(), outcome.message());
    return outcome;
  }

  /** Judges an experiment again with the engine in this JVM. */
  private RejudgeOutcome rejudge(RejudgeJob job, JobRun.Stopping stop) throws InterruptedException {
    job.readPaths();
    AgentRunners runners = AgentRunners.load(job.agentJars());
    AgentAdapter adapter =
        runners.create(
            job.judge(),
            new AgentAdapterProvider.Context(
                Path.of("").toAbsolutePath(), env, ScyllaImage.claudeBinaryFrom(env)));
    Rejudge.Builder rejudge =
        Rejudge.builder()
            .experimentDir(job.experimentDir())
            .judge(adapter)
            .judgeModels(job.judgeModels())
            .tiers(new java.util.LinkedHashSet<>(job.tiers()))
            .subtests(java.util.Set.copyOf(job.subtests()))
            .afterJudgeCall(() -> CredentialGuard.guardConfigDirOf(env));
    if (job.judgeSystemPrompt() != null) {
      try {
        rejudge.judgeSystemPrompt(JudgeSystemPrompt.fromFile(job.judgeSystemPrompt()));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            "the judges' system prompt cannot be used: " + e.getMessage(), e);
      }
    }
    Thread worker = Thread.currentThread();
    stop.onStop(worker::interrupt);
    Rejudge.Outcome o = rejudge.build().run();
    RejudgeOutcome outcome =
        new RejudgeOutcome(o.report(), o.rejudged(), o.skipped(), o.history(), o.awaiting());
    listener.progress(
        new Progress(
            Progress.FINISHED,
            outcome.describe(),
            job.experimentDir().toString(),
            o.rejudged(),
            o.rejudged() + o.skipped(),
            0,
            0,
            "COMPLETED"));
    return outcome;
  }

  /**
   * Runs a batch in this JVM: every test's experiment at once, sharing the batch's run slots and
   * budget, into one batch folder. Progress reports are the batch's (each run's line names its
   * test); the last one, {@code finished}, carries the batch's status.
   *
   * @throws dev.scylla.core.engine.ConfigChangedException when the batch to resume had other tests
   *     or settings
   */
  private BatchOutcome runBatch(Batch batch, JobRun.Stopping stop) throws InterruptedException {
    AtomicReference<BatchProgress> counters =
        new AtomicReference<>(new BatchProgress(0, batch.tests().size(), 0, 0, 0, null));
    AtomicReference<String> dirText = new AtomicReference<>();
    AtomicInteger passed = new AtomicInteger();
    BatchRunner.Listener progress =
        new BatchRunner.Listener() {
          @Override
          public void batchStarted(String batchId, Path batchDir, int tests, int finished) {
            dirText.set(batchDir.toString());
            String resumed = finished > 0 ? " (resuming: " + finished + " finished)" : "";
            report(
                "started",
                "Batch " + batchId + ": " + tests + " tests" + resumed + " -> " + batchDir);
          }

          @Override
          public void progress(BatchProgress p) {
            counters.set(p);
            report("batch", p.line());
          }

          @Override
          public void testEnded(BatchTestResult r) {
            report(
                "test",
                r.test().id()
                    + ": "
                    + r.state().json().replace('_', ' ')
                    + (r.reason().isBlank() ? "" : " (" + r.reason() + ")"));
          }

          private void report(String kind, String message) {
            BatchProgress c = counters.get();
            listener.progress(
                new Progress(
                    kind,
                    message,
                    dirText.get(),
                    c.runsDone(),
                    c.runsTotal(),
                    passed.get(),
                    c.costUsd()));
          }
        };
    BatchRunner runner =
        BatchRunner.builder()
            .batchId(batch.id())
            .tests(batch.tests())
            .settings(batch.settings())
            .resultsRoot(batch.resultsDir())
            .parallel(batch.parallel())
            .maxCostUsd(batch.maxCostUsd() == null ? null : batch.maxCostUsd().doubleValue())
            .fresh(batch.fresh())
            .listener(progress)
            .testRun(
                (test, dir, limits, batchListener) -> {
                  ProgressTracker perTest =
                      new ProgressTracker(
                          p -> {
                            if (p.kind().equals("run") || p.kind().equals("notice")) {
                              if (p.kind().equals("run") && p.message().contains(": PASS")) {
                                passed.incrementAndGet();
                              }
                              BatchProgress c = counters.get();
                              listener.progress(
                                  new Progress(
                                      p.kind(),
                                      test.id() + " " + p.message(),
                                      dirText.get(),
                                      c.runsDone(),
                                      c.runsTotal(),
                                      passed.get(),
                                      c.costUsd()));
                            }
                          });
                  Experiment experiment =
                      batch.experiment(test).toBuilder().resultsDir(dir).build();
                  return runOne(
                      experiment,
                      limits,
                      new BothListeners(new BothListeners(perTest, batchListener), engineListener),
                      null);
                })
            .build();
    stop.onStop(runner::requestStop);
    BatchResult result = runner.run();
    BatchOutcome outcome = BatchOutcome.read(result.batchDir());
    BatchProgress c = counters.get();
    listener.progress(
        new Progress(
            Progress.FINISHED,
            "batch " + outcome.status(),
            result.batchDir().toString(),
            c.runsDone(),
            c.runsTotal(),
            passed.get(),
            c.costUsd(),
            outcome.status()));
    return outcome;
  }

  private ExperimentOutcome runOne(
      Experiment experiment, BatchLimits limits, ExperimentListener events, JobRun.Stopping stop)
      throws InterruptedException {
    PreparedExperiment prepared = PreparedExperiment.of(experiment);
    AgentAdapter agent = prepared.agent(env);
    AgentAdapter judge = prepared.judge(env, agent);
    String claudeBinary = ScyllaImage.claudeBinaryFrom(env);
    ExperimentRunner.Builder builder =
        ExperimentRunner.builder()
            .fixture(prepared.fixture())
            .config(prepared.config())
            .resultsRoot(experiment.resultsDir())
            .agent(agent)
            .judge(judge)
            .fresh(experiment.fresh())
            .listener(events)
            .afterAgentCall(() -> CredentialGuard.guardConfigDirOf(env))
            .judgeSystemPrompt(prepared.judgeSystemPrompt())
            .settingsDocument(experiment.settings().document())
            .infraRetries(experiment.infraRetries())
            .rateLimitPause(experiment.rateLimitPause())
            .maxOutage(experiment.maxOutage())
            .retryErrored(experiment.retryErrored())
            .agentsOnly(experiment.until().isPresent())
            .networkMode(env.get(ScyllaImage.NETWORK_ENV))
            .provenance(
                Scylla.version(),
                env.getOrDefault(ScyllaImage.IMAGE_ID_ENV, ""),
                env.getOrDefault(ScyllaImage.IMAGE_HASH_ENV, ""),
                prepared.runsClaudeCode() ? claudeVersion(claudeBinary) : "not run")
            .login(login(prepared.runsClaudeCode(), env))
            .python(pythonExecutable(env))
            .pythonVersion(pythonVersion(env));
    if (limits != null) {
      builder.batchLimits(limits);
    }
    ExperimentRunner runner = builder.build();
    if (stop != null) {
      stop.onStop(runner::requestStop);
    }
    return runner.run();
  }

  /**
   * How the Claude Code agent logs in: an {@code ANTHROPIC_API_KEY} in the environment wins over a
   * subscription login, which Claude Code takes from the staged credentials or {@code
   * CLAUDE_CODE_OAUTH_TOKEN}; null when neither the agent nor the judges run Claude Code.
   */
  static String login(boolean runsClaudeCode, Map<String, String> env) {
    if (!runsClaudeCode) {
      return null;
    }
    String key = env.get("ANTHROPIC_API_KEY");
    return key != null && !key.isBlank() ? Provenance.LOGIN_API_KEY : Provenance.LOGIN_OAUTH;
  }

  /** The first line {@code claude --version} prints, or "unknown". */
  public static String claudeVersion(String binary) {
    return firstLineOf(binary, "--version");
  }

  /**
   * The version of the {@code python3} the automatic checks run (e.g. {@code 3.14.2}), or
   * "unknown".
   */
  public static String pythonVersion(Map<String, String> env) {
    String line = firstLineOf(pythonExecutable(env), "--version");
    return line.startsWith("Python ") ? line.substring("Python ".length()).strip() : line;
  }

  /**
   * The {@code python3} of the automatic checks: the first on the PATH (a user may put a venv
   * first), else the image's own, so that a PATH without it still works.
   */
  public static String pythonExecutable(Map<String, String> env) {
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(":")) {
      if (!dir.isBlank() && Files.isExecutable(Path.of(dir, "python3"))) {
        return Path.of(dir, "python3").toString();
      }
    }
    for (String candidate : List.of("/usr/local/bin/python3", "/usr/bin/python3")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return "python3";
  }

  /** The first line a short command prints, or "unknown" when it cannot run or hangs. */
  static String firstLineOf(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return "unknown";
      }
      String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return text.lines().findFirst().map(String::strip).orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
