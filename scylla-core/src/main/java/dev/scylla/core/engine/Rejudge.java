package dev.scylla.core.engine;

import dev.scylla.core.ErrorKind;
import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureLoader;
import dev.scylla.core.fixture.SubTestSpec;
import dev.scylla.core.internal.FileTrees;
import dev.scylla.core.internal.judge.WorkspaceChecks;
import dev.scylla.core.model.AgentResult;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.report.LoadedReport;
import dev.scylla.core.report.ReportLoader;
import dev.scylla.core.results.CheckpointStatus;
import dev.scylla.core.results.ResultFiles;
import dev.scylla.core.results.ResultsLayout;
import dev.scylla.core.results.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Judges the kept workspaces of a finished experiment again with the current judge, without running
 * an agent ({@code scylla rejudge}). Each run's previous {@code judge/} folder and {@code
 * run_result.json} move to {@code judge_history/<UTC stamp>/} beside the new ones; the run's result
 * then holds the new verdicts, and every aggregate and report is rebuilt from the runs ({@link
 * ReportLoader#regenerate}). Runs whose workspace or agent result is gone are skipped. The judges
 * see the experiment's saved checks before the agent ({@code pipeline_baseline.json}); they are
 * never run again.
 */
public final class Rejudge {
  /**
   * What a re-judging did.
   *
   * @param report the experiment as rebuilt afterwards
   * @param rejudged runs judged again
   * @param skipped runs skipped (no kept workspace or agent result)
   * @param history the name of the {@code judge_history/} folder the previous verdicts went to
   * @param awaiting runs no judge could give a verdict because the API could not be reached: they
   *     keep what they had (a run awaiting judgment still awaits it)
   */
  public record Outcome(
      LoadedReport report, int rejudged, int skipped, String history, int awaiting) {}

  /** A judge's login failed while judging again: log in again, then rerun. */
  public static final class LoginFailedException extends ExperimentException {
    private static final long serialVersionUID = 1L;

    LoginFailedException(String message) {
      super(ErrorKind.CREDENTIALS, message, null);
    }
  }

  private final Builder b;

  private Rejudge(Builder b) {
    this.b = b;
  }

  /** A builder; the experiment folder and the judge are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Judges the selected runs again and rebuilds the reports.
   *
   * @throws ExperimentException when the folder, its configuration or its fixture cannot be read
   * @throws LoginFailedException when a judge's login failed (the runs judged so far keep their new
   *     verdicts)
   * @throws InterruptedException when interrupted while a judge runs
   */
  public Outcome run() throws InterruptedException {
    LoadedReport before = ReportLoader.load(b.experimentDir);
    ResultsLayout layout = ResultsLayout.of(before.experimentDir());
    ExperimentConfig stored =
        ResultFiles.readJson(layout.experimentConfig(), ExperimentConfig.class);
    ExperimentConfig config = b.judgeModels == null ? stored : withJudges(stored, b.judgeModels);
    Fixture fixture = FixtureLoader.load(fixtureDir(stored), sharedDir(stored));
    String stamp = ResultsLayout.stamp(b.clock.instant());
    CheckpointStore checkpoint = CheckpointStore.open(layout, stored, b.clock.instant(), b.clock);
    CheckpointStatus previous = before.checkpointStatus();
    StopControl stop = new StopControl();
    ExperimentListener listener = new SafeListener(ExperimentListener.NONE);
    RateLimitGate gate =
        new RateLimitGate(
            checkpoint, listener, stop, b.clock, ExperimentRunner.DEFAULT_RATE_LIMIT_PAUSE);
    OutageGate outage =
        new OutageGate(
            stop,
            listener,
            checkpoint,
            b.clock,
            b.judge::reachable,
            Duration.ofSeconds(15),
            ExperimentRunner.DEFAULT_MAX_OUTAGE);
    AgentCalls calls =
        new AgentCalls(stop, gate, outage, listener, b.afterJudgeCall, b.infraRetries);
    JudgeSystemPrompt systemPrompt =
        b.judgeSystemPrompt != null
            ? b.judgeSystemPrompt
            : JudgeSystemPrompt.choose(null, fixture.testDir());
    Judging judging =
        new Judging(
            fixture,
            config,
            b.judge,
            calls,
            new WorkspaceChecks(b.checksTimeout, b.python),
            systemPrompt,
            PipelineBaseline.read(layout).orElse(null));
    int rejudged = 0;
    int skipped = 0;
    int awaiting = 0;
    try {
      for (TierId tier : stored.tiersToRun().stream().sorted().toList()) {
        if (!b.tiers.isEmpty() && !b.tiers.contains(tier)) {
          continue;
        }
        for (SubTestSpec spec : fixture.subTests(tier)) {
          if (!b.subtests.isEmpty() && !b.subtests.contains(spec.id())) {
            continue;
          }
          for (int n = 1; n <= stored.runsPerSubtest(); n++) {
            ResultsLayout.Run files = layout.run(tier, spec.id(), n);
            boolean judged = Files.isRegularFile(files.result());
            boolean agentDone =
                checkpoint.get().runState(tier, spec.id(), n).orElse(null)
                    == RunState.AGENT_COMPLETE;
            if (!judged && !agentDone) {
              continue;
            }
            if (!Files.isDirectory(files.workspace())
                || !Files.isRegularFile(files.agentResult())) {
              skipped++;
              continue;
            }
            AgentResult agent = ResultFiles.readJson(files.agentResult(), AgentResult.class);
            if (ResultAssembly.infrastructureFailure(agent)) {
              // The agent never got its answers from the model: there is nothing to judge.
              skipped++;
              continue;
            }
            if (rejudge(judging, checkpoint, fixture, spec, n, files, agent, stamp)) {
              rejudged++;
            } else {
              awaiting++;
            }
          }
        }
      }
    } finally {
      checkpoint.status(previous == null ? CheckpointStatus.COMPLETED : previous);
    }
    LoadedReport after =
        rejudged == 0
            ? ReportLoader.regenerate(layout.dir())
            : ReportLoader.regenerate(
                layout.dir(),
                p -> p.withJudgeSystemPrompt(systemPrompt.source(), systemPrompt.sha256()));
    return new Outcome(after, rejudged, skipped, stamp, awaiting);
  }

  /**
   * The fixture folder an experiment ran ({@code tiers_dir} of its configuration), which judging it
   * again reads.
   *
   * @throws ExperimentException when the folder is no longer there
   */
  public static Path fixtureDir(ExperimentConfig config) {
    if (config.tiersDir() == null || !Files.isDirectory(Path.of(config.tiersDir()))) {
      throw new ExperimentException(
          "the experiment's fixture is not at "
              + config.tiersDir()
              + " (config/experiment.json tiers_dir): restore it there to judge again");
    }
    return Path.of(config.tiersDir());
  }

  /**
   * The experiment's shared resources folder, when its configuration names one that exists (the
   * default folder is recorded even when there is none).
   */
  public static Optional<Path> sharedDir(ExperimentConfig config) {
    return Optional.ofNullable(config.sharedDir()).map(Path::of).filter(Files::isDirectory);
  }

  /** Judges one run again; false when no judge reached the model (the run keeps what it had). */
  private boolean rejudge(
      Judging judging,
      CheckpointStore checkpoint,
      Fixture fixture,
      SubTestSpec spec,
      int n,
      ResultsLayout.Run files,
      AgentResult agent,
      String stamp)
      throws InterruptedException {
    boolean judgedBefore = Files.isRegularFile(files.result());
    Path history = files.judgeHistory(stamp);
    Path keptJudges = history.resolve(files.judgeDir().getFileName());
    try {
      if (judgedBefore) {
        Files.createDirectories(history);
        if (Files.isDirectory(files.judgeDir())) {
          Files.move(files.judgeDir(), keptJudges);
        }
        Files.copy(
            files.result(),
            history.resolve(files.result().getFileName()),
            StandardCopyOption.REPLACE_EXISTING);
      } else {
        // What an interrupted judging left behind.
        FileTrees.delete(files.judgeDir());
      }
    } catch (IOException e) {
      throw new ExperimentException(
          "cannot keep the previous verdicts of " + files.dir() + " in " + history + ": " + e, e);
    }
    String prepared = RunExecutor.preparedCommit(files).orElse(null);
    Judging.Round round = judging.judge(spec, n, files, prepared, agent);
    if (round == null) {
      throw new LoginFailedException(
          "the judge's login failed while judging "
              + files.dir()
              + " again: log in again (claude /login), then rerun"
              + (judgedBefore ? "; the previous verdicts are in " + history : ""));
    }
    if (round.awaiting()) {
      if (judgedBefore) {
        FileTrees.delete(files.judgeDir());
        try {
          if (Files.isDirectory(keptJudges)) {
            Files.move(keptJudges, files.judgeDir());
          }
        } catch (IOException e) {
          throw new ExperimentException(
              "cannot put the previous verdicts of " + files.dir() + " back: " + e, e);
        }
      }
      return false;
    }
    RunResult result =
        RunExecutor.writeResult(
            n,
            agent,
            round.verdicts(),
            files,
            fixture.rubric(),
            Objects.requireNonNullElse(agent.model(), "unknown"),
            judging.baselineSummary());
    RunExecutor.record(checkpoint, spec, n, result, agent);
    return true;
  }

  private static ExperimentConfig withJudges(ExperimentConfig c, List<String> judges) {
    return new ExperimentConfig(
        c.experimentId(),
        c.taskRepo(),
        c.taskCommit(),
        c.taskPromptFile(),
        c.language(),
        c.models(),
        c.runsPerSubtest(),
        c.tiersToRun(),
        judges,
        c.parallelSubtests(),
        c.timeoutSeconds(),
        c.maxTurns(),
        c.maxSubtests(),
        c.maxCostUsd(),
        c.tiersDir(),
        c.sharedDir(),
        c.thinkingMode());
  }

  /** Builds a {@link Rejudge}. */
  public static final class Builder {
    private Path experimentDir;
    private AgentAdapter judge;
    private List<String> judgeModels;
    private Set<TierId> tiers = Set.of();
    private Set<String> subtests = Set.of();
    private String python = "python3";
    private Duration checksTimeout = Duration.ofSeconds(60);
    private Runnable afterJudgeCall = () -> {};
    private Clock clock = Clock.systemUTC();
    private JudgeSystemPrompt judgeSystemPrompt;
    private int infraRetries = ExperimentRunner.DEFAULT_INFRA_RETRIES;

    private Builder() {}

    /** The experiment's results folder (required). */
    public Builder experimentDir(Path dir) {
      this.experimentDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** The adapter that runs the judge calls (required). */
    public Builder judge(AgentAdapter judge) {
      this.judge = Objects.requireNonNull(judge, "judge");
      return this;
    }

    /** The judge models to use instead of the experiment's. */
    public Builder judgeModels(List<String> models) {
      this.judgeModels = models == null || models.isEmpty() ? null : List.copyOf(models);
      return this;
    }

    /** Only these tiers (default: all). */
    public Builder tiers(Set<TierId> tiers) {
      this.tiers = Set.copyOf(tiers);
      return this;
    }

    /** Only these sub-test ids (default: all). */
    public Builder subtests(Set<String> subtests) {
      this.subtests = Set.copyOf(subtests);
      return this;
    }

    /**
     * The judges' system prompt (default: the one {@link JudgeSystemPrompt#choose} picks for the
     * fixture's directory).
     */
    public Builder judgeSystemPrompt(JudgeSystemPrompt prompt) {
      this.judgeSystemPrompt = Objects.requireNonNull(prompt, "prompt");
      return this;
    }

    /** How often a judge call that met an API overload or server error runs again (default 2). */
    public Builder infraRetries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("infraRetries must be >= 0, was " + retries);
      }
      this.infraRetries = retries;
      return this;
    }

    /** The Python interpreter of the automatic checks (default {@code python3}). */
    public Builder python(String python) {
      this.python = Objects.requireNonNull(python, "python");
      return this;
    }

    /** Runs after every judge call (the CLI's credentials guard). */
    public Builder afterJudgeCall(Runnable hook) {
      this.afterJudgeCall = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /** The clock (tests). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds it.
     *
     * @throws IllegalStateException when the folder or the judge is missing
     */
    public Rejudge build() {
      if (experimentDir == null || judge == null) {
        throw new IllegalStateException("experimentDir and judge are required");
      }
      return new Rejudge(this);
    }
  }
}
