package dev.scylla.api;

import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.ThinkingMode;
import dev.scylla.core.model.TierId;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to run: a fixture, the settings that override its own, where results go, and which runners
 * play the agent and the judges. Immutable; build one with {@link #builder(Path)} (or from a
 * settings document with {@link #of(ExperimentSettings)}), then run it on a {@link Target}: {@link
 * #run(Target)}, or {@code target.start(Job.experiment(this))} for a handle.
 *
 * <p>Its settings are one {@link ExperimentSettings} record, whose JSON form is what crosses into a
 * runner container and what the experiment folder keeps. A setting left unset is "not given": the
 * fixture's own value, else the default, decides. Relative paths are resolved against the current
 * directory when the experiment is built. Values are checked when the experiment runs, against the
 * fixture.
 *
 * <p>Longer than the project's ~400 lines on purpose: every setting is an accessor and a builder
 * setter here, each with its Javadoc.
 */
public final class Experiment {

  /** The runner of the agent when none is chosen. */
  public static final String DEFAULT_AGENT = ExperimentSettings.DEFAULTS.agent();

  /** How often an infrastructure error is retried when not chosen. */
  public static final int DEFAULT_INFRA_RETRIES = ExperimentSettings.DEFAULTS.infraRetries();

  /** The rate-limit pause when not chosen. */
  public static final Duration DEFAULT_RATE_LIMIT_PAUSE =
      ExperimentSettings.DEFAULTS.rateLimitPause();

  /** The longest API outage waited out when not chosen: 30 minutes. */
  public static final Duration DEFAULT_MAX_OUTAGE = ExperimentSettings.DEFAULTS.maxOutage();

  /** The phase {@code --until} accepts: every agent runs, no run is judged. */
  public static final String UNTIL_AGENT_COMPLETE = ExperimentSettings.UNTIL_AGENT_COMPLETE;

  private final ExperimentSettings settings;

  private Experiment(ExperimentSettings settings) {
    Objects.requireNonNull(settings.tiersDir(), "tiersDir");
    this.settings = settings.absolute();
  }

  /**
   * The experiment of a settings document's settings ({@link ExperimentSettings#fromJson}).
   *
   * @throws InvalidInputException when the settings name no test folder
   */
  public static Experiment of(ExperimentSettings settings) {
    if (settings.tiersDir() == null) {
      throw new InvalidInputException("the settings name no test folder (tiers_dir)");
    }
    return new Experiment(settings);
  }

  /** Every setting of this experiment, as one record; its JSON form is the settings document. */
  public ExperimentSettings settings() {
    return settings;
  }

  /** A builder for an experiment on the fixture (a test folder with test.yaml) in {@code dir}. */
  public static Builder builder(Path tiersDir) {
    return new Builder().tiersDir(tiersDir);
  }

  /** A builder that starts from this experiment's settings. */
  public Builder toBuilder() {
    return new Builder(settings);
  }

  /**
   * Runs the experiment on {@code target} and blocks until it ends. Running the same experiment on
   * the same results folder again resumes it.
   *
   * @throws dev.scylla.core.ScyllaException when it cannot start or run (its {@code kind()} says
   *     whose problem it is)
   * @throws InterruptedException when the container target is stopped before its container started;
   *     an experiment stopped while it runs ends with status {@code INTERRUPTED} and a resumable
   *     checkpoint instead
   */
  public ExperimentOutcome run(Target target) throws InterruptedException {
    return target.run(this);
  }

  /** The overrides of the fixture's settings this experiment makes, as the engine takes them. */
  public ExperimentConfig.Overrides overrides() {
    return ExperimentConfig.Overrides.builder()
        .experimentId(settings.experimentId())
        .taskRepo(settings.repo())
        .taskCommit(settings.commit())
        .taskPromptFile(settings.prompt() == null ? null : settings.prompt().toString())
        .models(settings.models().isEmpty() ? null : settings.models())
        .runsPerSubtest(settings.runs())
        .tiersToRun(settings.tiers().isEmpty() ? null : settings.tiers())
        .thinkingMode(settings.thinking())
        .judgeModels(settings.judgeModel() == null ? null : List.of(settings.judgeModel()))
        .additionalJudgeModels(
            settings.additionalJudgeModels().isEmpty() ? null : settings.additionalJudgeModels())
        .parallelSubtests(settings.parallel())
        .timeoutSeconds(settings.timeoutSeconds())
        .maxTurns(settings.maxTurns())
        .maxSubtests(settings.maxSubtests())
        .maxCostUsd(settings.maxCostUsd() == null ? null : settings.maxCostUsd().doubleValue())
        .build();
  }

  /** The test folder. */
  public Path tiersDir() {
    return settings.tiersDir();
  }

  /** The shared blocks, skills and agents, if chosen (else the fixture's default place). */
  public Optional<Path> sharedDir() {
    return Optional.ofNullable(settings.sharedDir());
  }

  /**
   * Further folders of skills, searched in order after the shared folder's ({@code --skills-dir}).
   */
  public List<Path> skillsDirs() {
    return settings.skillsDirs();
  }

  /** The agent's thinking mode, if chosen ({@code --thinking}). */
  public Optional<ThinkingMode> thinking() {
    return Optional.ofNullable(settings.thinking());
  }

  /** Where the results go: the experiment's folder is made below it. */
  public Path resultsDir() {
    return settings.resultsDir();
  }

  /** The task prompt file, if chosen. */
  public Optional<Path> prompt() {
    return Optional.ofNullable(settings.prompt());
  }

  /** The experiment id, if chosen (else the fixture's). */
  public Optional<String> experimentId() {
    return Optional.ofNullable(settings.experimentId());
  }

  /** The settings file, if chosen. */
  public Optional<Path> configFile() {
    return Optional.ofNullable(settings.configFile());
  }

  /** Whether an earlier experiment of the same id is started over instead of resumed. */
  public boolean fresh() {
    return settings.fresh();
  }

  /** The judges' system prompt file, if chosen. */
  public Optional<Path> judgeSystemPrompt() {
    return Optional.ofNullable(settings.judgeSystemPrompt());
  }

  /** How often a call that met an infrastructure error runs again. */
  public int infraRetries() {
    return settings.infraRetries();
  }

  /** The pause after a rate limit that names no reset time. */
  public Duration rateLimitPause() {
    return settings.rateLimitPause();
  }

  /**
   * The longest outage of the model's API the experiment waits out before it stops, resumable
   * ({@code --max-outage}; default 30 minutes). Steers this invocation only: not part of the
   * experiment's configuration.
   */
  public Duration maxOutage() {
    return settings.maxOutage();
  }

  /**
   * Whether runs that errored for another reason than the API (a timeout, a crash, no verdict) run
   * again ({@code --retry-errored}). Runs errored on the API always do. Steers this invocation
   * only.
   */
  public boolean retryErrored() {
    return settings.retryErrored();
  }

  /**
   * The phase to stop after ({@code --until}): {@value #UNTIL_AGENT_COMPLETE} runs every agent and
   * judges nothing; empty runs the experiment to its end. Steers this invocation only.
   */
  public Optional<String> until() {
    return Optional.ofNullable(settings.until());
  }

  /** The agent's runner, {@code NAME[:ARG]}. */
  public String agent() {
    return settings.agent();
  }

  /** The judges' runner, if chosen (else the agent's when it can judge, else claude-code). */
  public Optional<String> judge() {
    return Optional.ofNullable(settings.judge());
  }

  /** Jars with runners of one's own. */
  public List<Path> agentJars() {
    return settings.agentJars();
  }

  /** A name for the experiment before its configuration is read: its id, else the test folder. */
  public String label() {
    return settings.experimentId() != null
        ? settings.experimentId()
        : settings.tiersDir().getFileName().toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Experiment other && settings.equals(other.settings);
  }

  @Override
  public int hashCode() {
    return settings.hashCode();
  }

  @Override
  public String toString() {
    return "Experiment" + settings.tree();
  }

  /** Builds an {@link Experiment}; every setter returns the builder. */
  public static final class Builder {
    private Path tiersDir;
    private Path sharedDir;
    private final List<Path> skillsDirs = new ArrayList<>();
    private ThinkingMode thinking;
    private final List<TierId> tiers = new ArrayList<>();
    private Integer runs;
    private Integer parallel;
    private Integer timeoutSeconds;
    private Integer maxSubtests;
    private Integer maxTurns;
    private BigDecimal maxCostUsd;
    private final List<String> models = new ArrayList<>();
    private String judgeModel;
    private final List<String> additionalJudgeModels = new ArrayList<>();
    private Path resultsDir = ExperimentSettings.DEFAULTS.resultsDir();
    private String repo;
    private String commit;
    private Path prompt;
    private String experimentId;
    private Path configFile;
    private boolean fresh;
    private Path judgeSystemPrompt;
    private int infraRetries = ExperimentSettings.DEFAULTS.infraRetries();
    private Duration rateLimitPause = ExperimentSettings.DEFAULTS.rateLimitPause();
    private Duration maxOutage = ExperimentSettings.DEFAULTS.maxOutage();
    private boolean retryErrored;
    private String until;
    private String agent = ExperimentSettings.DEFAULTS.agent();
    private String judge;
    private final List<Path> agentJars = new ArrayList<>();

    private Builder() {}

    private Builder(ExperimentSettings s) {
      tiersDir = s.tiersDir();
      sharedDir = s.sharedDir();
      skillsDirs.addAll(s.skillsDirs());
      thinking = s.thinking();
      tiers.addAll(s.tiers());
      runs = s.runs();
      parallel = s.parallel();
      timeoutSeconds = s.timeoutSeconds();
      maxSubtests = s.maxSubtests();
      maxTurns = s.maxTurns();
      maxCostUsd = s.maxCostUsd();
      models.addAll(s.models());
      judgeModel = s.judgeModel();
      additionalJudgeModels.addAll(s.additionalJudgeModels());
      resultsDir = s.resultsDir();
      repo = s.repo();
      commit = s.commit();
      prompt = s.prompt();
      experimentId = s.experimentId();
      configFile = s.configFile();
      fresh = s.fresh();
      judgeSystemPrompt = s.judgeSystemPrompt();
      infraRetries = s.infraRetries();
      rateLimitPause = s.rateLimitPause();
      maxOutage = s.maxOutage();
      retryErrored = s.retryErrored();
      until = s.until();
      agent = s.agent();
      judge = s.judge();
      agentJars.addAll(s.agentJars());
    }

    /** The test folder ({@code --tiers-dir}). */
    public Builder tiersDir(Path dir) {
      this.tiersDir = Objects.requireNonNull(dir, "tiersDir");
      return this;
    }

    /** The shared blocks, skills and agents ({@code --shared-dir}); null for the default. */
    public Builder sharedDir(Path dir) {
      this.sharedDir = dir;
      return this;
    }

    /**
     * Further folders of skills ({@code --skills-dir}, repeatable), each laid out as {@code
     * <category>/<skill>/}, searched in order after the shared folder's {@code skills/}.
     */
    public Builder skillsDirs(Collection<Path> dirs) {
      this.skillsDirs.clear();
      this.skillsDirs.addAll(dirs);
      return this;
    }

    /** The agent's thinking mode ({@code --thinking}); null for the configuration's (None). */
    public Builder thinking(ThinkingMode mode) {
      this.thinking = mode;
      return this;
    }

    /** The tiers to run ({@code --tiers}); none: the test's. */
    public Builder tiers(TierId... tiers) {
      return tiers(List.of(tiers));
    }

    /** The tiers to run ({@code --tiers}); none: the test's. */
    public Builder tiers(Collection<TierId> tiers) {
      this.tiers.clear();
      this.tiers.addAll(tiers);
      return this;
    }

    /** Runs per sub-test ({@code --runs}). */
    public Builder runs(Integer runs) {
      this.runs = runs;
      return this;
    }

    /** Sub-tests run at once ({@code --parallel}). */
    public Builder parallel(Integer parallel) {
      this.parallel = parallel;
      return this;
    }

    /** Wall-clock limit of one agent run, in seconds ({@code --timeout}). */
    public Builder timeoutSeconds(Integer seconds) {
      this.timeoutSeconds = seconds;
      return this;
    }

    /** At most this many sub-tests per tier ({@code --max-subtests}). */
    public Builder maxSubtests(Integer max) {
      this.maxSubtests = max;
      return this;
    }

    /** Turn limit of one agent run ({@code --max-turns}). */
    public Builder maxTurns(Integer max) {
      this.maxTurns = max;
      return this;
    }

    /** Budget of the agent cost ({@code --max-cost}). */
    public Builder maxCostUsd(BigDecimal usd) {
      this.maxCostUsd = usd;
      return this;
    }

    /** Models of the agent under test ({@code --model}, repeatable). */
    public Builder models(String... models) {
      this.models.clear();
      this.models.addAll(List.of(models));
      return this;
    }

    /** Models of the agent under test ({@code --model}, repeatable). */
    public Builder models(Collection<String> models) {
      this.models.clear();
      this.models.addAll(models);
      return this;
    }

    /** The judge model ({@code --judge-model}). */
    public Builder judgeModel(String model) {
      this.judgeModel = model;
      return this;
    }

    /** Additional judge models ({@code --add-judge}, repeatable; consensus by majority). */
    public Builder additionalJudgeModels(Collection<String> models) {
      this.additionalJudgeModels.clear();
      this.additionalJudgeModels.addAll(models);
      return this;
    }

    /** Where results go ({@code --results-dir}; default {@code results}). */
    public Builder resultsDir(Path dir) {
      this.resultsDir = Objects.requireNonNull(dir, "resultsDir");
      return this;
    }

    /** The task repository, a URL or a local path ({@code --repo}). */
    public Builder repo(String repo) {
      this.repo = repo;
      return this;
    }

    /** The task commit ({@code --commit}). */
    public Builder commit(String commit) {
      this.commit = commit;
      return this;
    }

    /** The task prompt file ({@code --prompt}). */
    public Builder prompt(Path file) {
      this.prompt = file;
      return this;
    }

    /** The experiment id ({@code --experiment-id}). */
    public Builder experimentId(String id) {
      this.experimentId = id;
      return this;
    }

    /** Settings in YAML, below the builder's in precedence ({@code --config}). */
    public Builder configFile(Path file) {
      this.configFile = file;
      return this;
    }

    /** Start over instead of resuming ({@code --fresh}). */
    public Builder fresh(boolean fresh) {
      this.fresh = fresh;
      return this;
    }

    /** The judges' system prompt ({@code --judge-system-prompt}). */
    public Builder judgeSystemPrompt(Path file) {
      this.judgeSystemPrompt = file;
      return this;
    }

    /** Retries after an infrastructure error ({@code --infra-retries}; default 2). */
    public Builder infraRetries(int retries) {
      this.infraRetries = retries;
      return this;
    }

    /** Pause after a rate limit without a reset time ({@code --rate-limit-pause}; 60 s). */
    public Builder rateLimitPause(Duration pause) {
      this.rateLimitPause = Objects.requireNonNull(pause, "rateLimitPause");
      return this;
    }

    /** The longest API outage waited out ({@code --max-outage}; 30 minutes). */
    public Builder maxOutage(Duration maxOutage) {
      this.maxOutage = Objects.requireNonNull(maxOutage, "maxOutage");
      return this;
    }

    /**
     * Run again the runs that errored for another reason than the API ({@code --retry-errored}).
     */
    public Builder retryErrored(boolean retryErrored) {
      this.retryErrored = retryErrored;
      return this;
    }

    /**
     * Stop after a phase ({@code --until}): {@value Experiment#UNTIL_AGENT_COMPLETE}, or null to
     * run to the end.
     */
    public Builder until(String phase) {
      this.until = phase;
      return this;
    }

    /** The agent's runner, {@code NAME[:ARG]} ({@code --agent}; default claude-code). */
    public Builder agent(String spec) {
      this.agent = spec;
      return this;
    }

    /** The judges' runner, {@code NAME[:ARG]} ({@code --judge}); null for the default. */
    public Builder judge(String spec) {
      this.judge = spec;
      return this;
    }

    /** Adds a jar with runners of one's own ({@code --agent-jar}, repeatable). */
    public Builder agentJar(Path jar) {
      this.agentJars.add(Objects.requireNonNull(jar, "jar"));
      return this;
    }

    /** Jars with runners of one's own ({@code --agent-jar}). */
    public Builder agentJars(Collection<Path> jars) {
      this.agentJars.clear();
      this.agentJars.addAll(jars);
      return this;
    }

    /**
     * The experiment.
     *
     * @throws InvalidInputException for a value out of range
     */
    public Experiment build() {
      return new Experiment(
          new ExperimentSettings(
              tiersDir,
              sharedDir,
              skillsDirs,
              thinking,
              tiers,
              runs,
              parallel,
              timeoutSeconds,
              maxSubtests,
              maxTurns,
              maxCostUsd,
              models,
              judgeModel,
              additionalJudgeModels,
              resultsDir,
              repo,
              commit,
              prompt,
              experimentId,
              configFile,
              fresh,
              judgeSystemPrompt,
              infraRetries,
              rateLimitPause,
              maxOutage,
              retryErrored,
              until,
              agent,
              judge,
              agentJars));
    }

    /** Builds the experiment and runs it on {@code target}: {@link Experiment#run(Target)}. */
    public ExperimentOutcome run(Target target) throws InterruptedException {
      return build().run(target);
    }
  }
}
