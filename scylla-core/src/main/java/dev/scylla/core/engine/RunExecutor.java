package dev.scylla.core.engine;

import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentOutcome;
import dev.scylla.core.agent.AgentRequest;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.Rubric;
import dev.scylla.core.fixture.SubTestSpec;
import dev.scylla.core.internal.FileTrees;
import dev.scylla.core.internal.report.ProjectScyllaFiles;
import dev.scylla.core.internal.workspace.PreparedWorkspace;
import dev.scylla.core.internal.workspace.SubTestResources;
import dev.scylla.core.internal.workspace.WorkspacePreparer;
import dev.scylla.core.model.AgentResult;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.JudgeResult;
import dev.scylla.core.model.PipelineSummary;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.results.ResultFiles;
import dev.scylla.core.results.ResultsLayout;
import dev.scylla.core.results.RunState;
import dev.scylla.core.workspace.TaskPrompt;
import dev.scylla.core.workspace.TaskRepository;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's life: reuse what an earlier session finished, else a fresh workspace, the agent call,
 * then the judges, and the run's result written and checkpointed. A run whose agent finished before
 * an interruption is only judged again.
 */
final class RunExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(RunExecutor.class);

  private final Fixture fixture;
  private final ExperimentConfig config;
  private final ResultsLayout layout;
  private final TaskRepository repo;
  private final AgentAdapter agent;
  private final AgentCalls calls;
  private final Judging judging;
  private final CheckpointStore checkpoint;
  private final Budget budget;
  private final StopControl stop;
  private final ExperimentListener listener;
  private RunElsewhere elsewhere;

  RunExecutor(
      Fixture fixture,
      ExperimentConfig config,
      ResultsLayout layout,
      TaskRepository repo,
      AgentAdapter agent,
      AgentCalls calls,
      Judging judging,
      CheckpointStore checkpoint,
      Budget budget,
      StopControl stop,
      ExperimentListener listener) {
    this.fixture = fixture;
    this.config = config;
    this.layout = layout;
    this.repo = repo;
    this.agent = agent;
    this.calls = calls;
    this.judging = judging;
    this.checkpoint = checkpoint;
    this.budget = budget;
    this.stop = stop;
    this.listener = listener;
  }

  /** Runs execute there instead of here (null: here). */
  void elsewhere(RunElsewhere elsewhere) {
    this.elsewhere = elsewhere;
  }

  /** The agent's result and the commit its workspace started from. */
  private record AgentPhase(AgentResult result, String preparedCommit) {}

  /**
   * Runs (or reuses) run {@code run} of {@code spec}; {@code null} when it did not finish (budget
   * exhausted, or a failed login stopping the experiment).
   *
   * @throws InterruptedException when the experiment stops during the run
   */
  RunResult run(SubTestSpec spec, SubTestResources baseline, int run) throws InterruptedException {
    ResultsLayout.Run files = layout.run(spec.tier(), spec.id(), run);
    RunState state = checkpoint.get().runState(spec.tier(), spec.id(), run).orElse(null);
    if (state != null && state.finished()) {
      Optional<RunResult> done = EngineFiles.readIfPresent(files.result(), RunResult.class);
      if (done.isPresent()) {
        return done.get();
      }
      LOG.warn(
          "{} run {}: checkpoint says {} but {} is missing; running it again",
          spec.key(),
          run,
          state,
          ResultsLayout.RUN_RESULT);
    }
    if (elsewhere != null) {
      return runElsewhere(spec, run, files);
    }
    AgentPhase agentPhase = state == RunState.AGENT_COMPLETE ? reuseAgent(files) : null;
    if (agentPhase == null) {
      agentPhase = runAgent(spec, baseline, run, files);
      if (agentPhase == null) {
        return null;
      }
    }
    long start = System.nanoTime();
    // An agent stopped by the service (overloaded, server error) did no work worth judging: the
    // run is recorded as errored, never as a failed, scored run.
    List<JudgeResult> judges =
        ResultAssembly.infrastructureFailure(agentPhase.result())
            ? List.of()
            : judging.judge(spec, run, files, agentPhase.preparedCommit(), agentPhase.result());
    LOG.debug(
        "{} run {}: judged in {} ms", spec.key(), run, (System.nanoTime() - start) / 1_000_000);
    if (judges == null) {
      return null;
    }
    RunResult result =
        writeResult(
            run,
            agentPhase.result(),
            judges,
            files,
            fixture.rubric(),
            config.model(),
            judging.baselineSummary());
    checkpoint.recordRun(
        spec.tier(), spec.id(), run, result.judgePassed() ? RunState.PASSED : RunState.FAILED);
    listener.runFinished(spec.tier(), spec.id(), result);
    return result;
  }

  /**
   * The whole run (workspace, agent, judges) executed elsewhere; its folder comes back whole, and
   * only then is the run recorded as done.
   */
  private RunResult runElsewhere(SubTestSpec spec, int run, ResultsLayout.Run files)
      throws InterruptedException {
    if (!budget.allowsNewRun()) {
      return null;
    }
    stop.throwIfRequested();
    listener.runStarted(spec.tier(), spec.id(), run);
    if (!elsewhere.execute(spec.tier(), spec.id(), run, files.dir())) {
      return null;
    }
    RunResult result =
        EngineFiles.readIfPresent(files.result(), RunResult.class)
            .orElseThrow(
                () ->
                    new ExperimentException(
                        dev.scylla.core.ErrorKind.INFRASTRUCTURE,
                        spec.key() + " run " + run + " came back without " + files.result(),
                        null));
    budget.spend(result.costUsd());
    checkpoint.recordRun(
        spec.tier(), spec.id(), run, result.judgePassed() ? RunState.PASSED : RunState.FAILED);
    listener.runFinished(spec.tier(), spec.id(), result);
    return result;
  }

  /** The agent phase an earlier session completed, when its files and workspace are all there. */
  private static AgentPhase reuseAgent(ResultsLayout.Run files) {
    Optional<AgentResult> result =
        EngineFiles.readIfPresent(files.agentResult(), AgentResult.class);
    Optional<String> commit = preparedCommit(files);
    if (result.isEmpty() || commit.isEmpty() || !Files.isDirectory(files.workspace())) {
      return null;
    }
    return new AgentPhase(result.get(), commit.get());
  }

  /** The commit the run's workspace was prepared at, as its manifest records it. */
  static Optional<String> preparedCommit(ResultsLayout.Run files) {
    return EngineFiles.readField(files.manifest(), "prepared_commit");
  }

  /**
   * Assembles a judged run's result and writes it: {@code run_result.json} (with {@code baseline},
   * the summary of the checks before the agent, or null) and the files ProjectScylla's analysis
   * reads. Shared with {@link Rejudge}, which judges a kept run again.
   */
  static RunResult writeResult(
      int run,
      AgentResult agent,
      List<JudgeResult> judges,
      ResultsLayout.Run files,
      Rubric rubric,
      String agentModel,
      PipelineSummary baseline) {
    RunResult result =
        ResultAssembly.runResult(run, agent, judges, files, rubric.gradeScale(), baseline);
    ResultFiles.writeJson(files.result(), result);
    ProjectScyllaFiles.writeRun(files, result, agentModel, rubric);
    return result;
  }

  private AgentPhase runAgent(
      SubTestSpec spec, SubTestResources baseline, int run, ResultsLayout.Run files)
      throws InterruptedException {
    if (!budget.allowsNewRun()) {
      return null;
    }
    stop.throwIfRequested();
    long start = System.nanoTime();
    FileTrees.delete(files.agentDir());
    FileTrees.delete(files.judgeDir());
    repo.addWorktree(files.workspace());
    PreparedWorkspace prepared =
        WorkspacePreparer.prepare(files.workspace(), spec, baseline, files.dir());
    LOG.debug(
        "{} run {}: workspace ready in {} ms",
        spec.key(),
        run,
        (System.nanoTime() - start) / 1_000_000);
    String prompt = TaskPrompt.of(fixture.prompt(), spec);
    ResultFiles.writeText(files.taskPrompt(), prompt);
    listener.runStarted(spec.tier(), spec.id(), run);
    AgentRequest request =
        new AgentRequest(
            AgentRequest.Role.AGENT,
            spec.tier().name(),
            spec.id(),
            run,
            0,
            files.workspace(),
            prompt,
            config.model(),
            config.maxTurns(),
            Duration.ofSeconds(config.timeoutSeconds()),
            prepared.tools(),
            prepared.mcpConfig(),
            files.agentDir());
    AgentOutcome outcome = calls.call(agent, request);
    if (outcome == null) {
      return null;
    }
    Double cost = outcome.costUsd(config.model());
    AgentResult result =
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
            outcome.timedOut(),
            outcome.failureKind() == null
                ? null
                : outcome.failureKind().name().toLowerCase(java.util.Locale.ROOT));
    ResultFiles.writeJson(files.agentResult(), result);
    ResultFiles.writeText(files.agentOutput(), outcome.resultText());
    budget.spend(cost);
    checkpoint.recordRun(spec.tier(), spec.id(), run, RunState.AGENT_COMPLETE);
    return new AgentPhase(result, prepared.preparedCommit());
  }
}
