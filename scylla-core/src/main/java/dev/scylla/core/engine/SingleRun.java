package dev.scylla.core.engine;

import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.SubTestSpec;
import dev.scylla.core.internal.judge.WorkspaceChecks;
import dev.scylla.core.internal.workspace.SubTestResources;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.results.ResultFiles;
import dev.scylla.core.results.ResultsLayout;
import dev.scylla.core.workspace.TaskRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of one sub-test, outside the experiment's scheduling: what a pod of the Kubernetes target
 * executes. The same {@link RunExecutor} as a whole experiment's runs (workspace, agent, judges,
 * result files) in a fresh experiment folder of its own, so the run's folder has the shape a local
 * run's has. A T5 or T6 run is told which best sub-tests of earlier tiers it builds on, and
 * composes its workspace from them as the whole experiment would. Started by {@link
 * ExperimentRunner#runOne}.
 */
public final class SingleRun {

  /**
   * How a single run ended.
   *
   * @param result the run's result; empty when it did not finish (stopped, budget, failed login)
   * @param experimentDir the experiment folder made for it
   * @param runDir the run's folder in it, with the layout of a local run's
   */
  public record Outcome(Optional<RunResult> result, Path experimentDir, Path runDir) {

    /** Validates the outcome. */
    public Outcome {
      java.util.Objects.requireNonNull(result, "result");
      java.util.Objects.requireNonNull(experimentDir, "experimentDir");
      java.util.Objects.requireNonNull(runDir, "runDir");
    }
  }

  /** A run the experiment does not have, or cannot run alone: the input's problem. */
  static final class NotInTheExperiment extends ExperimentException {
    private static final long serialVersionUID = 1L;

    NotInTheExperiment(String message) {
      super(dev.scylla.core.ErrorKind.INPUT, message, null);
    }
  }

  private SingleRun() {}

  static Outcome run(
      Engine.Settings s,
      StopControl stop,
      TierId tier,
      String subTestId,
      int run,
      Path baselineFile,
      List<String> inheritsFrom)
      throws InterruptedException {
    SubTestSpec spec =
        s.fixture()
            .subTest(tier, subTestId)
            .orElseThrow(
                () ->
                    new ExperimentException(
                        "the fixture has no sub-test " + tier + "/" + subTestId));
    if (run < 1 || run > s.config().runsPerSubtest()) {
      throw new NotInTheExperiment(
          "run " + run + " is outside 1.." + s.config().runsPerSubtest() + " of " + spec.key());
    }
    Instant start = s.clock().instant();
    ResultsLayout layout = ExperimentFolders.choose(s.resultsRoot(), s.config(), true, start);
    CheckpointStore checkpoint = CheckpointStore.open(layout, s.config(), start, s.clock());
    if (baselineFile != null
        && Files.isRegularFile(baselineFile)
        && !Files.exists(layout.pipelineBaseline())) {
      try {
        ResultFiles.writeText(layout.pipelineBaseline(), Files.readString(baselineFile));
      } catch (IOException e) {
        throw new ExperimentException(
            dev.scylla.core.ErrorKind.INFRASTRUCTURE,
            "cannot read the checks before the agent from " + baselineFile + ": " + e,
            e);
      }
    }
    ExperimentListener listener = new SafeListener(s.listener());
    Budget budget = new Budget(s.config().maxCostUsd(), listener);
    RateLimitGate gate =
        new RateLimitGate(checkpoint, listener, stop, s.clock(), s.rateLimitFallbackPause());
    OutageGate outage =
        new OutageGate(
            stop,
            listener,
            checkpoint,
            s.clock(),
            s.outages().probe(),
            s.outages().firstProbeDelay(),
            s.outages().maxOutage());
    AgentCalls calls =
        new AgentCalls(stop, gate, outage, listener, s.afterAgentCall(), s.infraRetries());
    Judging judging =
        new Judging(
            s.fixture(),
            s.config(),
            s.judge(),
            calls,
            s.checksPath() == null
                ? new WorkspaceChecks(s.checksTimeout(), s.python())
                : new WorkspaceChecks(s.checksTimeout(), s.python(), s.checksPath()),
            s.judgeSystemPrompt(),
            // The checks before the agent run once per experiment, where the experiment is
            // coordinated; a single run reads what was saved there and never runs them itself.
            PipelineBaseline.read(layout).orElse(null));
    TaskRepository repo =
        TaskRepository.open(
            s.config().taskRepo(),
            s.config().taskCommit(),
            s.fixture().testDir(),
            layout.repository());
    RunExecutor executor =
        new RunExecutor(
            s.fixture(),
            s.config(),
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
    RunResult result = executor.run(spec, inherited(s.fixture(), spec, inheritsFrom), run);
    return new Outcome(
        Optional.ofNullable(result), layout.dir(), layout.run(tier, subTestId, run).dir());
  }

  /**
   * The baseline a T5 or T6 sub-test builds on, from the best sub-tests the experiment named: the
   * same {@link Inheritance} the experiment uses, replayed tier by tier over those sub-tests, so a
   * T6 run gets T5's best as T5 composed it. Null when it builds on nothing.
   */
  static SubTestResources inherited(Fixture fixture, SubTestSpec spec, List<String> inheritsFrom) {
    if (inheritsFrom.isEmpty()) {
      return null;
    }
    if (spec.tier() != TierId.T5 && spec.tier() != TierId.T6) {
      throw new NotInTheExperiment(
          spec.key() + " builds on no earlier tier, but the run names " + inheritsFrom);
    }
    Map<TierId, String> best = new EnumMap<>(TierId.class);
    for (String key : inheritsFrom) {
      int slash = key.indexOf('/');
      TierId tier;
      try {
        tier = slash < 0 ? null : TierId.parse(key.substring(0, slash));
      } catch (IllegalArgumentException e) {
        tier = null;
      }
      if (tier == null || tier.compareTo(spec.tier()) >= 0) {
        throw new NotInTheExperiment(
            spec.key() + " cannot build on '" + key + "': name a sub-test of an earlier tier");
      }
      best.put(tier, key.substring(slash + 1));
    }
    Inheritance inheritance = new Inheritance();
    for (Map.Entry<TierId, String> e : best.entrySet()) {
      SubTestSpec earlier =
          fixture
              .subTest(e.getKey(), e.getValue())
              .orElseThrow(
                  () ->
                      new NotInTheExperiment(
                          "the fixture has no sub-test " + e.getKey() + "/" + e.getValue()));
      inheritance.baselineFromBest(earlier, best);
    }
    return inheritance.baselineFromBest(spec, best);
  }
}
