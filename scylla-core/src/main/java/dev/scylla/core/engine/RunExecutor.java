package dev.scylla.core.engine;

import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentOutcome;
import dev.scylla.core.agent.AgentRequest;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.Rubric;
import dev.scylla.core.fixture.SubTestSpec;
import dev.scylla.core.internal.FileTrees;
import dev.scylla.core.internal.report.ProjectScyllaFiles;
import dev.scylla.core.internal.workspace.McpServers;
import dev.scylla.core.internal.workspace.PreparedWorkspace;
import dev.scylla.core.internal.workspace.SubTestResources;
import dev.scylla.core.internal.workspace.WorkspacePreparer;
import dev.scylla.core.model.AgentResult;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.JudgeResult;
import dev.scylla.core.model.PipelineSummary;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.results.Checkpoint;
import dev.scylla.core.results.ResultFiles;
import dev.scylla.core.results.ResultsLayout;
import dev.scylla.core.results.RunState;
import dev.scylla.core.workspace.TaskPrompt;
import dev.scylla.core.workspace.TaskRepository;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
  private final boolean retryErrored;
  private final boolean agentsOnly;
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
      ExperimentListener listener,
      boolean retryErrored,
      boolean agentsOnly) {
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
    this.retryErrored = retryErrored;
    this.agentsOnly = agentsOnly;
  }

  /** Runs execute there instead of here (null: here). */
  void elsewhere(RunElsewhere elsewhere) {
    this.elsewhere = elsewhere;
  }

  /** The agent's result and the commit its workspace started from. */
  private record AgentPhase(AgentResult result, String preparedCommit) {}

  /**
   * Runs (or reuses) run {@code run} of {@code spec}; {@code null} when it did not finish (budget
   * exhausted, a failed login stopping the experiment, or the run awaits judgment).
   *
   * <p>A passed or failed run is read back, never run again. A run errored on infrastructure runs
   * again in a fresh workspace; another errored run only when errored runs are to be retried, else
   * it is read back. A run whose agent finished is only judged. An agent that met infrastructure
   * once its retries were used up leaves an errored, unscored run and is never judged; a run whose
   * judges could not reach the model awaits judgment with its agent result kept.
   *
   * @throws InterruptedException when the experiment stops during the run
   */
  RunResult run(SubTestSpec spec, SubTestResources baseline, int run) throws InterruptedException {
    ResultsLayout.Run files = layout.run(spec.tier(), spec.id(), run);
    Checkpoint cp = checkpoint.get();
    RunState state = cp.runState(spec.tier(), spec.id(), run).orElse(null);
    if (state != null && (state.finished() || state == RunState.ERRORED)) {
      String kind = cp.errorKind(spec.tier(), spec.id(), run).orElse(null);
      boolean again =
          state == RunState.ERRORED && (retryErrored || ResultAssembly.infrastructureKind(kind));
      Optional<RunResult> done = EngineFiles.readIfPresent(files.result(), RunResult.class);
      if (!again && done.isPresent()) {
        return done.get();
      }
      if (!again) {
        LOG.warn(
            "{} run {}: checkpoint says {} but {} is missing; running it again",
            spec.key(),
            run,
            state,
            ResultsLayout.RUN_RESULT);
      } else {
        LOG.info("{} run {}: errored ({}) before; running it again", spec.key(), run, kind);
      }
      // Its earlier result describes an attempt that is not scored: it goes.
      FileTrees.delete(files.result());
      state = null;
    }
    if (elsewhere != null) {
      return runElsewhere(spec, baseline, run, files);
    }
    AgentPhase agentPhase = state == RunState.AGENT_COMPLETE ? reuseAgent(files) : null;
    if (agentPhase == null) {
      agentPhase = runAgent(spec, baseline, run, files);
      if (agentPhase == null) {
        return null;
      }
    }
    if (ResultAssembly.infrastructureFailure(agentPhase.result())) {
      // The agent never got its answers from the model: no judge is called, nothing is scored.
      RunResult result =
          writeResult(
              run,
              agentPhase.result(),
              List.of(),
              files,
              fixture.rubric(),
              config.model(),
              judging.baselineSummary());
      checkpoint.recordErrored(spec.tier(), spec.id(), run, agentPhase.result().failureKind());
      listener.runFinished(spec.tier(), spec.id(), result);
      return result;
    }
    if (agentsOnly) {
      listener.runAwaitingJudgment(spec.tier(), spec.id(), run);
      return null;
    }
    long start = System.nanoTime();
    Judging.Round round =
        judging.judge(spec, run, files, agentPhase.preparedCommit(), agentPhase.result());
    LOG.debug(
        "{} run {}: judged in {} ms", spec.key(), run, (System.nanoTime() - start) / 1_000_000);
    if (round == null) {
      return null;
    }
    if (round.awaiting()) {
      LOG.warn("{} run {}: no judge reached the model; the run awaits judgment", spec.key(), run);
      listener.runAwaitingJudgment(spec.tier(), spec.id(), run);
      return null;
    }
    RunResult result =
        writeResult(
            run,
            agentPhase.result(),
            round.verdicts(),
            files,
            fixture.rubric(),
            config.model(),
            judging.baselineSummary());
    record(checkpoint, spec, run, result, agentPhase.result());
    listener.runFinished(spec.tier(), spec.id(), result);
    return result;
  }

  /** Records a judged run: passed, failed, or errored (kind {@code judge}) when not scored. */
  static void record(
      CheckpointStore checkpoint, SubTestSpec spec, int run, RunResult result, AgentResult agent) {
    if (result.scored()) {
      checkpoint.recordRun(
          spec.tier(), spec.id(), run, result.judgePassed() ? RunState.PASSED : RunState.FAILED);
    } else {
      String kind =
          !agent.succeeded() && agent.failureKind() != null ? agent.failureKind() : "judge";
      checkpoint.recordErrored(spec.tier(), spec.id(), run, kind);
    }
  }

  /**
   * The whole run (workspace, agent, judges) executed elsewhere; its folder comes back whole, and
   * only then is the run recorded as done.
   */
  private RunResult runElsewhere(
      SubTestSpec spec, SubTestResources baseline, int run, ResultsLayout.Run files)
      throws InterruptedException {
    if (!budget.allowsNewRun()) {
      return null;
    }
    stop.throwIfRequested();
    listener.runStarted(spec.tier(), spec.id(), run);
    List<String> inheritsFrom = baseline == null ? List.of() : baseline.inheritedFrom();
    if (!elsewhere.execute(spec.tier(), spec.id(), run, inheritsFrom, files.dir())) {
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
    Optional<AgentResult> agent = EngineFiles.readIfPresent(files.agentResult(), AgentResult.class);
    if (agent.isPresent()) {
      record(checkpoint, spec, run, result, agent.get());
    } else if (result.scored()) {
      checkpoint.recordRun(
          spec.tier(), spec.id(), run, result.judgePassed() ? RunState.PASSED : RunState.FAILED);
    } else {
      checkpoint.recordErrored(spec.tier(), spec.id(), run, "judge");
    }
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

  /**
   * The agent call of run {@code run} of {@code spec} in its prepared workspace: the prompt (after
   * the thinking keyword), the model, the tools and MCP configuration, the system prompt and named
   * agent the sub-test asks for.
   */
  static AgentRequest agentRequest(
      Fixture fixture,
      ExperimentConfig config,
      SubTestSpec spec,
      int run,
      PreparedWorkspace prepared,
      ResultsLayout.Run files) {
    return new AgentRequest(
        AgentRequest.Role.AGENT,
        spec.tier().name(),
        spec.id(),
        run,
        0,
        files.workspace(),
        TaskPrompt.forAgent(fixture.prompt(), spec, config.thinkingMode()),
        config.model(),
        config.maxTurns(),
        Duration.ofSeconds(config.timeoutSeconds()),
        prepared.tools(),
        prepared.mcpConfig(),
        files.agentDir(),
        TaskPrompt.systemPrompt(spec),
        spec.agentFlag());
  }

  private AgentPhase runAgent(
      SubTestSpec spec, SubTestResources baseline, int run, ResultsLayout.Run files)
      throws InterruptedException {
    if (!budget.allowsNewRun()) {
      return null;
    }
    stop.throwIfRequested();
    String prompt = TaskPrompt.of(fixture.prompt(), spec);
    String[] preparedCommit = new String[1];
    AgentCalls.Attempt attempt =
        n -> {
          // Every attempt in a fresh workspace: an earlier one may have changed it before the
          // failure that was not the agent's.
          long start = System.nanoTime();
          FileTrees.delete(files.agentDir());
          FileTrees.delete(files.judgeDir());
          repo.addWorktree(files.workspace());
          PreparedWorkspace prepared =
              WorkspacePreparer.prepare(
                  files.workspace(),
                  spec,
                  baseline,
                  files.dir(),
                  config.thinkingMode(),
                  McpServers::onPath);
          preparedCommit[0] = prepared.preparedCommit();
          LOG.debug(
              "{} run {}: workspace ready in {} ms{}",
              spec.key(),
              run,
              (System.nanoTime() - start) / 1_000_000,
              n == 0 ? "" : " (attempt " + (n + 1) + ")");
          ResultFiles.writeText(files.taskPrompt(), prompt);
          if (n == 0) {
            listener.runStarted(spec.tier(), spec.id(), run);
          }
          return agentRequest(fixture, config, spec, run, prepared, files);
        };
    AgentOutcome outcome = calls.call(agent, attempt);
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
                : outcome.failureKind().name().toLowerCase(Locale.ROOT));
    ResultFiles.writeJson(files.agentResult(), result);
    ResultFiles.writeText(files.agentOutput(), outcome.resultText());
    budget.spend(cost);
    if (!ResultAssembly.infrastructureFailure(result)) {
      checkpoint.recordRun(spec.tier(), spec.id(), run, RunState.AGENT_COMPLETE);
    }
    return new AgentPhase(result, preparedCommit[0]);
  }
}
