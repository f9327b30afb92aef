package dev.scylla.api;

import dev.scylla.core.agent.AgentRunners;
import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.engine.ExperimentRunner;
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
import java.util.stream.Collectors;

/**
 * What to run: a fixture, the settings that override its own, where results go, and which runners
 * play the agent and the judges. Immutable; build one with {@link #builder(Path)}, then choose
 * where it runs with {@link #run(Target)}: {@link Target#inProcess()} or {@link
 * Target#container()}.
 *
 * <p>Every setting is what the {@code scylla run} option of the same name is, and {@link
 * #arguments()} is that command line. A setting left unset is "not given": the fixture's own value,
 * else the default, decides. Relative paths are resolved against the current directory when the
 * experiment is built. Values are checked when the experiment runs, against the fixture, with the
 * messages of the command line.
 *
 * <p>Longer than the project's ~400 lines on purpose: every {@code scylla run} option is a field,
 * an accessor and a builder setter here, each with its Javadoc; split, the one description of an
 * option would be spread over several files. The logic is {@link #arguments()} alone.
 */
public final class Experiment {

  /** The runner of the agent when none is chosen. */
  public static final String DEFAULT_AGENT = AgentRunners.DEFAULT;

  /** How often an infrastructure error is retried when not chosen. */
  public static final int DEFAULT_INFRA_RETRIES = 2;

  /** The rate-limit pause when not chosen. */
  public static final Duration DEFAULT_RATE_LIMIT_PAUSE = Duration.ofSeconds(60);

  /** The longest API outage waited out when not chosen: 30 minutes. */
  public static final Duration DEFAULT_MAX_OUTAGE = ExperimentRunner.DEFAULT_MAX_OUTAGE;

  /** The phase {@code --until} accepts: every agent runs, no run is judged. */
  public static final String UNTIL_AGENT_COMPLETE = "agent_complete";

  private final Path tiersDir;
  private final Path sharedDir;
  private final List<Path> skillsDirs;
  private final ThinkingMode thinking;
  private final List<TierId> tiers;
  private final Integer runs;
  private final Integer parallel;
  private final Integer timeoutSeconds;
  private final Integer maxSubtests;
  private final Integer maxTurns;
  private final BigDecimal maxCostUsd;
  private final List<String> models;
  private final String judgeModel;
  private final List<String> additionalJudgeModels;
  private final Path resultsDir;
  private final String repo;
  private final String commit;
  private final Path prompt;
  private final String experimentId;
  private final Path configFile;
  private final boolean fresh;
  private final Path judgeSystemPrompt;
  private final int infraRetries;
  private final Duration rateLimitPause;
  private final Duration maxOutage;
  private final boolean retryErrored;
  private final String until;
  private final String agent;
  private final String judge;
  private final List<Path> agentJars;

  private Experiment(Builder b) {
    tiersDir = absolute(Objects.requireNonNull(b.tiersDir, "tiersDir"));
    sharedDir = b.sharedDir == null ? null : absolute(b.sharedDir);
    skillsDirs = b.skillsDirs.stream().map(Experiment::absolute).toList();
    thinking = b.thinking;
    tiers = List.copyOf(b.tiers);
    runs = b.runs;
    parallel = b.parallel;
    timeoutSeconds = b.timeoutSeconds;
    maxSubtests = b.maxSubtests;
    maxTurns = b.maxTurns;
    maxCostUsd = b.maxCostUsd;
    models = List.copyOf(b.models);
    judgeModel = b.judgeModel;
    additionalJudgeModels = List.copyOf(b.additionalJudgeModels);
    resultsDir = absolute(b.resultsDir);
    repo = b.repo;
    commit = b.commit;
    prompt = b.prompt == null ? null : absolute(b.prompt);
    experimentId = b.experimentId;
    configFile = b.configFile == null ? null : absolute(b.configFile);
    fresh = b.fresh;
    judgeSystemPrompt = b.judgeSystemPrompt == null ? null : absolute(b.judgeSystemPrompt);
    if (b.infraRetries < 0) {
      throw new InvalidInputException("--infra-retries must be 0 or more, was " + b.infraRetries);
    }
    infraRetries = b.infraRetries;
    if (b.rateLimitPause.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new InvalidInputException(
          "--rate-limit-pause must be 1 second or more, was " + b.rateLimitPause.toSeconds());
    }
    rateLimitPause = b.rateLimitPause;
    if (b.maxOutage.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new InvalidInputException(
          "--max-outage must be 1 second or more, was " + b.maxOutage.toSeconds());
    }
    maxOutage = b.maxOutage;
    retryErrored = b.retryErrored;
    if (b.until != null && !UNTIL_AGENT_COMPLETE.equals(b.until)) {
      throw new InvalidInputException(
          "--until must be " + UNTIL_AGENT_COMPLETE + ", was '" + b.until + "'");
    }
    until = b.until;
    agent = requireSpec("--agent", b.agent);
    judge = b.judge == null ? null : requireSpec("--judge", b.judge);
    agentJars = b.agentJars.stream().map(Experiment::absolute).toList();
  }

  /** A builder for an experiment on the fixture (a test folder with test.yaml) in {@code dir}. */
  public static Builder builder(Path tiersDir) {
    return new Builder().tiersDir(tiersDir);
  }

  /** A builder that starts from this experiment's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.tiersDir = tiersDir;
    b.sharedDir = sharedDir;
    b.skillsDirs.addAll(skillsDirs);
    b.thinking = thinking;
    b.tiers.addAll(tiers);
    b.runs = runs;
    b.parallel = parallel;
    b.timeoutSeconds = timeoutSeconds;
    b.maxSubtests = maxSubtests;
    b.maxTurns = maxTurns;
    b.maxCostUsd = maxCostUsd;
    b.models.addAll(models);
    b.judgeModel = judgeModel;
    b.additionalJudgeModels.addAll(additionalJudgeModels);
    b.resultsDir = resultsDir;
    b.repo = repo;
    b.commit = commit;
    b.prompt = prompt;
    b.experimentId = experimentId;
    b.configFile = configFile;
    b.fresh = fresh;
    b.judgeSystemPrompt = judgeSystemPrompt;
    b.infraRetries = infraRetries;
    b.rateLimitPause = rateLimitPause;
    b.maxOutage = maxOutage;
    b.retryErrored = retryErrored;
    b.until = until;
    b.agent = agent;
    b.judge = judge;
    b.agentJars.addAll(agentJars);
    return b;
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

  /**
   * The arguments of the {@code scylla} command that runs this experiment, starting with {@code
   * run}: every path absolute, every unset setting left out.
   */
  public List<String> arguments() {
    List<String> a = new ArrayList<>();
    a.add("run");
    add(a, "--tiers-dir", tiersDir);
    add(a, "--shared-dir", sharedDir);
    skillsDirs.forEach(d -> add(a, "--skills-dir", d));
    if (!tiers.isEmpty()) {
      a.add("--tiers");
      a.add(tiers.stream().map(TierId::name).collect(Collectors.joining(",")));
    }
    add(a, "--runs", runs);
    add(a, "--parallel", parallel);
    add(a, "--timeout", timeoutSeconds);
    add(a, "--max-subtests", maxSubtests);
    add(a, "--max-turns", maxTurns);
    add(a, "--max-cost", maxCostUsd == null ? null : maxCostUsd.toPlainString());
    add(a, "--thinking", thinking == null ? null : thinking.label());
    models.forEach(m -> add(a, "--model", m));
    add(a, "--judge-model", judgeModel);
    additionalJudgeModels.forEach(m -> add(a, "--add-judge", m));
    add(a, "--results-dir", resultsDir);
    add(a, "--repo", repo);
    add(a, "--commit", commit);
    add(a, "--prompt", prompt);
    add(a, "--experiment-id", experimentId);
    add(a, "--config", configFile);
    if (fresh) {
      a.add("--fresh");
    }
    add(a, "--judge-system-prompt", judgeSystemPrompt);
    add(a, "--infra-retries", infraRetries);
    add(a, "--rate-limit-pause", rateLimitPause.toSeconds());
    add(a, "--max-outage", maxOutage.toSeconds());
    if (retryErrored) {
      a.add("--retry-errored");
    }
    add(a, "--until", until);
    add(a, "--agent", agent);
    add(a, "--judge", judge);
    agentJars.forEach(j -> add(a, "--agent-jar", j));
    return List.copyOf(a);
  }

  /** The overrides of the fixture's settings this experiment makes, as the engine takes them. */
  public ExperimentConfig.Overrides overrides() {
    return ExperimentConfig.Overrides.builder()
        .experimentId(experimentId)
        .taskRepo(repo)
        .taskCommit(commit)
        .taskPromptFile(prompt == null ? null : prompt.toString())
        .models(models.isEmpty() ? null : models)
        .runsPerSubtest(runs)
        .tiersToRun(tiers.isEmpty() ? null : tiers)
        .thinkingMode(thinking)
        .judgeModels(judgeModel == null ? null : List.of(judgeModel))
        .additionalJudgeModels(additionalJudgeModels.isEmpty() ? null : additionalJudgeModels)
        .parallelSubtests(parallel)
        .timeoutSeconds(timeoutSeconds)
        .maxTurns(maxTurns)
        .maxSubtests(maxSubtests)
        .maxCostUsd(maxCostUsd == null ? null : maxCostUsd.doubleValue())
        .build();
  }

  /** The test folder. */
  public Path tiersDir() {
    return tiersDir;
  }

  /** The shared blocks, skills and agents, if chosen (else the fixture's default place). */
  public Optional<Path> sharedDir() {
    return Optional.ofNullable(sharedDir);
  }

  /**
   * Further folders of skills, searched in order after the shared folder's ({@code --skills-dir}).
   */
  public List<Path> skillsDirs() {
    return skillsDirs;
  }

  /** The agent's thinking mode, if chosen ({@code --thinking}). */
  public Optional<ThinkingMode> thinking() {
    return Optional.ofNullable(thinking);
  }

  /** Where the results go: the experiment's folder is made below it. */
  public Path resultsDir() {
    return resultsDir;
  }

  /** The task prompt file, if chosen. */
  public Optional<Path> prompt() {
    return Optional.ofNullable(prompt);
  }

  /** The experiment id, if chosen (else the fixture's). */
  public Optional<String> experimentId() {
    return Optional.ofNullable(experimentId);
  }

  /** The settings file, if chosen. */
  public Optional<Path> configFile() {
    return Optional.ofNullable(configFile);
  }

  /** Whether an earlier experiment of the same id is started over instead of resumed. */
  public boolean fresh() {
    return fresh;
  }

  /** The judges' system prompt file, if chosen. */
  public Optional<Path> judgeSystemPrompt() {
    return Optional.ofNullable(judgeSystemPrompt);
  }

  /** How often a call that met an infrastructure error runs again. */
  public int infraRetries() {
    return infraRetries;
  }

  /** The pause after a rate limit that names no reset time. */
  public Duration rateLimitPause() {
    return rateLimitPause;
  }

  /**
   * The longest outage of the model's API the experiment waits out before it stops, resumable
   * ({@code --max-outage}; default 30 minutes). Steers this invocation only: not part of the
   * experiment's configuration.
   */
  public Duration maxOutage() {
    return maxOutage;
  }

  /**
   * Whether runs that errored for another reason than the API (a timeout, a crash, no verdict) run
   * again ({@code --retry-errored}). Runs errored on the API always do. Steers this invocation
   * only.
   */
  public boolean retryErrored() {
    return retryErrored;
  }

  /**
   * The phase to stop after ({@code --until}): {@value #UNTIL_AGENT_COMPLETE} runs every agent and
   * judges nothing; empty runs the experiment to its end. Steers this invocation only.
   */
  public Optional<String> until() {
    return Optional.ofNullable(until);
  }

  /** The agent's runner, {@code NAME[:ARG]}. */
  public String agent() {
    return agent;
  }

  /** The judges' runner, if chosen (else the agent's when it can judge, else claude-code). */
  public Optional<String> judge() {
    return Optional.ofNullable(judge);
  }

  /** Jars with runners of one's own. */
  public List<Path> agentJars() {
    return agentJars;
  }

  /** A name for the experiment before its configuration is read: its id, else the test folder. */
  public String label() {
    return experimentId != null ? experimentId : tiersDir.getFileName().toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Experiment other && arguments().equals(other.arguments());
  }

  @Override
  public int hashCode() {
    return arguments().hashCode();
  }

  @Override
  public String toString() {
    return "Experiment" + arguments();
  }

  private static void add(List<String> args, String option, Object value) {
    if (value != null) {
      args.add(option);
      args.add(value.toString());
    }
  }

  private static Path absolute(Path path) {
    return path.toAbsolutePath().normalize();
  }

  private static String requireSpec(String option, String spec) {
    if (spec == null || spec.isBlank()) {
      throw new InvalidInputException(
          option + " must name a runner (NAME[:ARG], e.g. claude-code or scripted:FILE)");
    }
    return spec;
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
    private Path resultsDir = Path.of("results");
    private String repo;
    private String commit;
    private Path prompt;
    private String experimentId;
    private Path configFile;
    private boolean fresh;
    private Path judgeSystemPrompt;
    private int infraRetries = DEFAULT_INFRA_RETRIES;
    private Duration rateLimitPause = DEFAULT_RATE_LIMIT_PAUSE;
    private Duration maxOutage = DEFAULT_MAX_OUTAGE;
    private boolean retryErrored;
    private String until;
    private String agent = DEFAULT_AGENT;
    private String judge;
    private final List<Path> agentJars = new ArrayList<>();

    private Builder() {}

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
      return new Experiment(this);
    }

    /** Builds the experiment and runs it on {@code target}: {@link Experiment#run(Target)}. */
    public ExperimentOutcome run(Target target) throws InterruptedException {
      return build().run(target);
    }
  }
}
