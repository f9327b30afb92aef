package dev.scylla.core.engine;

import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.Provenance;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Runs one experiment: the public entry point of the engine. Build it, call {@link #run()} (it
 * blocks until the experiment ends), and call {@link #requestStop()} from another thread (a signal
 * handler) to stop it cleanly.
 *
 * <pre>{@code
 * ExperimentOutcome outcome = ExperimentRunner.builder()
 *     .fixture(fixture).config(config).resultsRoot(Path.of("results"))
 *     .agent(AgentAdapters.fromSpec("claude-code", cwd)).judge(sameOrOther)
 *     .listener(myListener)
 *     .build()
 *     .run();
 * outcome.summaryLines().forEach(System.out::println);
 * }</pre>
 */
public final class ExperimentRunner {
  /** The longest outage of the API an experiment waits out unless told otherwise: 30 minutes. */
  public static final Duration DEFAULT_MAX_OUTAGE = Duration.ofMinutes(30);

  /** How often a call that met an infrastructure error runs again unless told otherwise. */
  public static final int DEFAULT_INFRA_RETRIES = 2;

  /** The pause after a rate limit that names no reset time, unless told otherwise. */
  public static final Duration DEFAULT_RATE_LIMIT_PAUSE = Duration.ofSeconds(60);

  private final Engine engine;

  private ExperimentRunner(Engine engine) {
    this.engine = engine;
  }

  /** A builder; fixture, config, results root, agent and judge are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the experiment, resuming it when the results root holds an unfinished experiment of the
   * same id and configuration. Blocks until every run finished or the experiment stopped (stop
   * request, expired login, budget). When the calling thread is interrupted the experiment stops as
   * on {@link #requestStop()} and the interrupt flag is kept.
   *
   * @throws ExperimentException when the experiment cannot start (e.g. same id, different config
   *     without {@code fresh})
   * @throws dev.scylla.core.workspace.WorkspaceException when the task repository cannot be cloned
   *     or a workspace prepared
   * @throws dev.scylla.core.fixture.FixtureException for a sub-test the engine cannot set up
   */
  public ExperimentOutcome run() {
    return engine.run();
  }

  /**
   * Runs only run {@code run} of sub-test {@code subTestId} of {@code tier} (T0–T4), in a new
   * experiment folder under the results root, as a run of the whole experiment would run: what one
   * pod of a cluster executes. {@link #requestStop()} stops it.
   *
   * @throws ExperimentException for a sub-test or run the configuration does not have, or a tier
   *     that inherits from others (T5, T6)
   * @throws InterruptedException when stopped while it runs
   */
  public SingleRun.Outcome runOne(dev.scylla.core.model.TierId tier, String subTestId, int run)
      throws InterruptedException {
    return runOne(tier, subTestId, run, null, List.of());
  }

  /**
   * As {@link #runOne(dev.scylla.core.model.TierId, String, int)}, with the experiment's checks
   * before the agent: {@code baselineFile} is the {@code pipeline_baseline.json} the whole
   * experiment saved (null or absent: its judges are told they were not recorded). A single run
   * never runs those checks itself. {@code inheritsFrom} names, for a T5 or T6 run, the best
   * sub-tests of earlier tiers it builds on ({@code T1/03}), as {@link RunElsewhere} hands them.
   */
  public SingleRun.Outcome runOne(
      dev.scylla.core.model.TierId tier,
      String subTestId,
      int run,
      Path baselineFile,
      List<String> inheritsFrom)
      throws InterruptedException {
    return SingleRun.run(
        engine.settings(),
        engine.stopControl(),
        tier,
        subTestId,
        run,
        baselineFile,
        List.copyOf(inheritsFrom));
  }

  /**
   * Requests a clean stop, from any thread: no new run starts, running agents are killed, the
   * checkpoint is marked {@code interrupted}; {@link #run()} then returns with status {@link
   * ExperimentStatus#INTERRUPTED}.
   */
  public void requestStop() {
    engine.requestStop();
  }

  /** Options of an {@link ExperimentRunner}. */
  public static final class Builder {
    private Fixture fixture;
    private ExperimentConfig config;
    private Path resultsRoot;
    private AgentAdapter agent;
    private AgentAdapter judge;
    private boolean fresh;
    private ExperimentListener listener = ExperimentListener.NONE;
    private Runnable afterAgentCall;
    private String scyllaVersion;
    private String imageId;
    private String imageHash;
    private String claudeVersion;
    private String login;
    private Duration rateLimitPause = DEFAULT_RATE_LIMIT_PAUSE;
    private Duration checksTimeout = Duration.ofSeconds(60);
    private String python = "python3";
    private String checksPath;
    private String pythonVersion;
    private Clock clock = Clock.systemUTC();
    private JudgeSystemPrompt judgeSystemPrompt;
    private int infraRetries = DEFAULT_INFRA_RETRIES;
    private String networkMode;
    private ApiProbe apiProbe;
    private Duration firstProbeDelay = Duration.ofSeconds(15);
    private Duration maxOutage = DEFAULT_MAX_OUTAGE;
    private boolean retryErrored;
    private boolean agentsOnly;
    private BatchLimits batchLimits;
    private RunElsewhere runsElsewhere;
    private SettingsDocument settingsDocument;

    private Builder() {}

    /** The loaded fixture (test directory, prompt, criteria, rubric, sub-tests). */
    public Builder fixture(Fixture fixture) {
      this.fixture = Objects.requireNonNull(fixture, "fixture");
      return this;
    }

    /** The resolved experiment configuration. */
    public Builder config(ExperimentConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /** The results root; the experiment gets {@code <root>/<UTC timestamp>-<id>/}. */
    public Builder resultsRoot(Path resultsRoot) {
      this.resultsRoot = Objects.requireNonNull(resultsRoot, "resultsRoot");
      return this;
    }

    /** The adapter running the agent under test. */
    public Builder agent(AgentAdapter agent) {
      this.agent = Objects.requireNonNull(agent, "agent");
      return this;
    }

    /** The adapter running the judges (the same kind of adapter, with the judge models). */
    public Builder judge(AgentAdapter judge) {
      this.judge = Objects.requireNonNull(judge, "judge");
      return this;
    }

    /** Start a new experiment even when an unfinished one of the same id exists. */
    public Builder fresh(boolean fresh) {
      this.fresh = fresh;
      return this;
    }

    /** Receives progress events; the library itself never prints. */
    public Builder listener(ExperimentListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Runs after every agent and judge call (e.g. a credentials guard); must be thread-safe. */
    public Builder afterAgentCall(Runnable hook) {
      this.afterAgentCall = hook;
      return this;
    }

    /**
     * Provenance recorded in the result: Scylla version, runner image id and hash, Claude CLI
     * version.
     */
    public Builder provenance(
        String scyllaVersion, String imageId, String imageHash, String claudeVersion) {
      this.scyllaVersion = scyllaVersion;
      this.imageId = imageId;
      this.imageHash = imageHash;
      this.claudeVersion = claudeVersion;
      return this;
    }

    /**
     * How the agent logs in ({@code Provenance.LOGIN_OAUTH}, {@code LOGIN_API_KEY}, or null when
     * unknown): with a subscription login the reports say that the cost is an estimate.
     */
    public Builder login(String login) {
      this.login = login;
      return this;
    }

    /**
     * The runner's Python version recorded in the provenance (e.g. {@code 3.14.2}); null if
     * unknown.
     */
    public Builder pythonVersion(String pythonVersion) {
      this.pythonVersion = pythonVersion;
      return this;
    }

    /** Pause after a rate limit that gives no reset time (default 60 s). */
    public Builder rateLimitPause(Duration pause) {
      this.rateLimitPause = Objects.requireNonNull(pause, "pause");
      return this;
    }

    /** Timeout of each automatic check before judging (default 60 s). */
    public Builder checksTimeout(Duration timeout) {
      this.checksTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** The Python interpreter of the automatic checks (default {@code python3} on the PATH). */
    public Builder python(String python) {
      this.python = Objects.requireNonNull(python, "python");
      return this;
    }

    /**
     * Where the automatic checks find their tools ({@code ruff}, {@code pytest}, {@code
     * pre-commit}, {@code mojo}): a PATH value (default: this process's PATH).
     */
    public Builder checksPath(String path) {
      this.checksPath = Objects.requireNonNull(path, "path");
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

    /**
     * How often a call that met an infrastructure error (API overloaded, server error) runs again
     * before its run is recorded as errored (default 2).
     */
    public Builder infraRetries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("infraRetries must be >= 0, was " + retries);
      }
      this.infraRetries = retries;
      return this;
    }

    /**
     * The longest outage of the API the experiment waits out (default {@link #DEFAULT_MAX_OUTAGE}).
     * After {@value OutageGate#THRESHOLD} calls in a row could not reach the API, no new call
     * starts and the API is probed, first after {@link #firstProbeDelay}, then at doubling delays
     * up to a minute; when it answers, the calls go on. An outage that lasts longer ends the
     * experiment with {@link ExperimentStatus#API_UNREACHABLE}, resumable.
     */
    public Builder maxOutage(Duration maxOutage) {
      Objects.requireNonNull(maxOutage, "maxOutage");
      if (maxOutage.isNegative() || maxOutage.isZero()) {
        throw new IllegalArgumentException("maxOutage must be positive, was " + maxOutage);
      }
      this.maxOutage = maxOutage;
      return this;
    }

    /**
     * How the API is probed during an outage (default: every adapter's {@link
     * AgentAdapter#reachable()}).
     */
    public Builder apiProbe(ApiProbe probe) {
      this.apiProbe = Objects.requireNonNull(probe, "probe");
      return this;
    }

    /** The delay before the first probe of an outage (default 15 s; it doubles up to a minute). */
    public Builder firstProbeDelay(Duration delay) {
      this.firstProbeDelay = Objects.requireNonNull(delay, "delay");
      return this;
    }

    /**
     * Whether runs that errored for another reason than the API (a timeout, a crash, no verdict)
     * run again on resume (default false). Runs errored on infrastructure always run again; passed
     * and failed runs never do.
     */
    public Builder retryErrored(boolean retryErrored) {
      this.retryErrored = retryErrored;
      return this;
    }

    /**
     * Runs every agent and judges nothing (default false): each run whose agent finished awaits
     * judgment, and a later run of the same experiment without this setting (or {@link Rejudge})
     * judges it without running its agent again.
     */
    public Builder agentsOnly(boolean agentsOnly) {
      this.agentsOnly = agentsOnly;
      return this;
    }

    /** The network mode of the container the experiment runs in, for the provenance. */
    public Builder networkMode(String networkMode) {
      this.networkMode = networkMode;
      return this;
    }

    /**
     * The limits this experiment shares with the other experiments of a batch: its runs take the
     * batch's fair run slots and count against the batch's budget (default: none).
     */
    public Builder batchLimits(BatchLimits limits) {
      this.batchLimits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * The caller's description of the settings (default: none), kept in the experiment folder and
     * compared when the experiment resumes: a resume with other settings is refused.
     */
    public Builder settingsDocument(SettingsDocument document) {
      this.settingsDocument = document;
      return this;
    }

    /**
     * Where each run executes instead of this JVM (default: here). The engine still decides which
     * runs go and when, keeps the checkpoint and writes the reports.
     */
    public Builder runsElsewhere(RunElsewhere runsElsewhere) {
      this.runsElsewhere = Objects.requireNonNull(runsElsewhere, "runsElsewhere");
      return this;
    }

    /** The clock (tests). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the runner.
     *
     * @throws IllegalStateException when a required input is missing
     */
    public ExperimentRunner build() {
      if (fixture == null
          || config == null
          || resultsRoot == null
          || agent == null
          || judge == null) {
        throw new IllegalStateException(
            "fixture, config, resultsRoot, agent and judge are required");
      }
      JudgeSystemPrompt judgePrompt =
          judgeSystemPrompt != null
              ? judgeSystemPrompt
              : JudgeSystemPrompt.choose(null, fixture.testDir());
      Provenance provenance =
          new Provenance(
              scyllaVersion,
              imageId,
              imageHash,
              claudeVersion,
              config.models(),
              config.judgeModels(),
              login,
              pythonVersion,
              judgePrompt.source(),
              judgePrompt.sha256(),
              networkMode);
      Engine engine =
          new Engine(
              new Engine.Settings(
                  fixture,
                  config,
                  resultsRoot,
                  agent,
                  judge,
                  fresh,
                  listener,
                  afterAgentCall,
                  provenance,
                  rateLimitPause,
                  checksTimeout,
                  python,
                  checksPath,
                  clock,
                  judgePrompt,
                  infraRetries,
                  new Engine.Outages(
                      apiProbe != null ? apiProbe : () -> agent.reachable() && judge.reachable(),
                      firstProbeDelay,
                      maxOutage),
                  retryErrored,
                  agentsOnly,
                  batchLimits,
                  settingsDocument));
      engine.runsElsewhere(runsElsewhere);
      return new ExperimentRunner(engine);
    }
  }
}
