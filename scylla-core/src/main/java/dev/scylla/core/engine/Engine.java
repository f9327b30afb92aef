package dev.scylla.core.engine;

import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.internal.judge.PipelineResult;
import dev.scylla.core.internal.judge.WorkspaceChecks;
import dev.scylla.core.internal.report.ProjectScyllaFiles;
import dev.scylla.core.internal.report.ReportWriter;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.model.Provenance;
import dev.scylla.core.model.TierId;
import dev.scylla.core.model.TierResult;
import dev.scylla.core.results.CheckpointStatus;
import dev.scylla.core.results.ResultFiles;
import dev.scylla.core.results.ResultsLayout;
import dev.scylla.core.workspace.TaskRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Runs one experiment: the machinery behind {@code ExperimentRunner}. It chooses the folder, opens
 * the checkpoint and the task repository, hands the plan to the {@link Scheduler} (which runs each
 * run through a {@link RunExecutor}, which calls the agent and then {@link Judging}), and assembles
 * and writes the experiment's result.
 */
final class Engine {

  /** Everything the engine needs, as the public builder collected it. */
  record Settings(
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
      String checksPath,
      Clock clock,
      JudgeSystemPrompt judgeSystemPrompt,
      int infraRetries,
      Outages outages,
      boolean retryErrored,
      boolean agentsOnly,
      BatchLimits batchLimits,
      SettingsDocument settingsDocument) {}

  /**
   * How the engine waits out an API that cannot be reached.
   *
   * @param probe asks whether the API answers again
   * @param firstProbeDelay the delay before the first probe (it doubles up to a minute)
   * @param maxOutage the longest outage waited out before the experiment stops
   */
  record Outages(ApiProbe probe, Duration firstProbeDelay, Duration maxOutage) {}

  private final Settings s;
  private final ExperimentConfig config;
  private final Fixture fixture;
  private final ExperimentListener listener;
  private final StopControl stop = new StopControl();
  private RunElsewhere runsElsewhere;

  /** An engine for the given settings; nothing runs before {@link #run()}. */
  Engine(Settings settings) {
    this.s = settings;
    this.config = settings.config();
    this.fixture = settings.fixture();
    this.listener = new SafeListener(settings.listener());
  }

  /** Where each run executes instead of this JVM; null: here. */
  void runsElsewhere(RunElsewhere runsElsewhere) {
    this.runsElsewhere = runsElsewhere;
  }

  /** The settings it was built with. */
  Settings settings() {
    return s;
  }

  /** The stop of this engine. */
  StopControl stopControl() {
    return stop;
  }

  /** Asks the engine to stop: no new work starts, running agents are killed, checkpoint kept. */
  void requestStop() {
    stop.stop(
        ExperimentStatus.INTERRUPTED, "stopped on request; run the same command again to resume");
  }

  /** Runs the experiment to its end (or a stop) and returns the outcome. */
  ExperimentOutcome run() {
    Clock clock = s.clock();
    Instant sessionStart = clock.instant();
    ResultsLayout layout =
        ExperimentFolders.choose(
            s.resultsRoot(), config, s.settingsDocument(), s.fresh(), sessionStart);
    double previousDuration = ExperimentFolders.previousDuration(layout);
    CheckpointStore checkpoint = CheckpointStore.open(layout, config, sessionStart, clock);
    writeInputs(layout);

    RunPlan plan = RunPlan.of(config, fixture);
    Budget budget = new Budget(config.maxCostUsd(), listener, s.batchLimits());
    budget.spend(plan.spentBefore(checkpoint.get(), layout));
    listener.experimentStarted(
        config.experimentId(), layout.dir(), plan.totalRuns(), plan.finishedRuns(checkpoint.get()));

    RateLimitGate gate =
        new RateLimitGate(checkpoint, listener, stop, clock, s.rateLimitFallbackPause());
    OutageGate outage =
        new OutageGate(
            stop,
            listener,
            checkpoint,
            clock,
            s.outages().probe(),
            s.outages().firstProbeDelay(),
            s.outages().maxOutage());
    AgentCalls calls =
        new AgentCalls(stop, gate, outage, listener, s.afterAgentCall(), s.infraRetries());
    WorkspaceChecks checks =
        s.checksPath() == null
            ? new WorkspaceChecks(s.checksTimeout(), s.python())
            : new WorkspaceChecks(s.checksTimeout(), s.python(), s.checksPath());
    double threshold = fixture.rubric().passThreshold();

    Map<TierId, TierResult> tiers = new EnumMap<>(TierId.class);
    try {
      TaskRepository repo =
          TaskRepository.open(
              config.taskRepo(), config.taskCommit(), fixture.testDir(), layout.repository());
      Judging judging =
          new Judging(
              fixture,
              config,
              s.judge(),
              calls,
              checks,
              s.judgeSystemPrompt(),
              baseline(layout, repo, checks));
      RunExecutor runs =
          new RunExecutor(
              fixture,
              config,
              layout,
              repo,
              s.agent(),
              calls,
              judging,
              checkpoint,
              budget,
              stop,
              listener,
              s.retryErrored(),
              s.agentsOnly());
      runs.elsewhere(runsElsewhere);
      Scheduler scheduler =
          new Scheduler(
              plan,
              runs,
              new Inheritance(),
              gate,
              stop,
              listener,
              layout.dir(),
              threshold,
              config.parallelSubtests(),
              s.batchLimits() == null ? null : s.batchLimits().slots(),
              config.experimentId());
      tiers = scheduler.run();
    } catch (InterruptedException e) {
      requestStop();
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      checkpoint.status(CheckpointStatus.INTERRUPTED);
      throw e;
    }

    Instant end = clock.instant();
    ExperimentStatus status;
    String message;
    if (stop.requested()) {
      status = stop.status();
      message = stop.message();
    } else if (budget.exhausted()) {
      status = ExperimentStatus.BUDGET_EXHAUSTED;
      message = budget.message();
    } else {
      status = ExperimentStatus.COMPLETED;
      message = "completed";
    }
    checkpoint.status(
        status == ExperimentStatus.COMPLETED
            ? CheckpointStatus.COMPLETED
            : CheckpointStatus.INTERRUPTED);
    double duration = previousDuration + Duration.between(sessionStart, end).toNanos() / 1e9;
    ExperimentResult result =
        ResultAssembly.experimentResult(
            config, s.provenance(), tiers, checkpoint.get().startedAt(), end, duration, status);
    ReportWriter.writeExperiment(layout.dir(), result, threshold);
    return new ExperimentOutcome(
        status, result, layout.dir(), result.erroredRuns(), threshold, message);
  }

  /**
   * The checks on the clean task commit, run once before the first agent (a resumed experiment
   * reads them back); a stop request ends them like an agent.
   */
  private PipelineResult baseline(ResultsLayout layout, TaskRepository repo, WorkspaceChecks checks)
      throws InterruptedException {
    stop.throwIfRequested();
    PipelineResult baseline;
    stop.enter();
    try {
      baseline = PipelineBaseline.ensure(layout, repo, fixture.test().language(), checks);
    } finally {
      stop.exit();
    }
    stop.throwIfRequested();
    return baseline;
  }

  /** The inputs every later reader needs: the configuration, the prompt, the rubric's scale. */
  private void writeInputs(ResultsLayout layout) {
    ResultFiles.writeJson(layout.experimentConfig(), config);
    if (s.settingsDocument() != null) {
      ResultFiles.writeText(layout.settingsDocument(), s.settingsDocument().json());
    }
    ResultFiles.writeText(layout.prompt(), fixture.prompt());
    ResultFiles.writeJson(
        layout.rubricConfig(),
        Map.of(
            "pass_threshold", fixture.rubric().passThreshold(),
            "grade_scale", fixture.rubric().gradeScale()));
    ProjectScyllaFiles.writeExperiment(layout, fixture.rubric());
  }
}
