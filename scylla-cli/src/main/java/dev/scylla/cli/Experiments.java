package dev.scylla.cli;

import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentAdapterProvider;
import dev.scylla.core.agent.AgentRunners;
import dev.scylla.core.config.ConfigException;
import dev.scylla.core.config.ExperimentConfigs;
import dev.scylla.core.engine.JudgeSystemPrompt;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureLoader;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.TierId;
import dev.scylla.core.workspace.TaskRepository;
import dev.scylla.core.workspace.WorkspaceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Loads and checks what {@code scylla run} was asked to run, the same on host and inside. */
final class Experiments {

  private static final Pattern REMOTE = Pattern.compile("^([a-z][a-z0-9+.-]*://|[^/]+@[^/:]+:).*");

  private Experiments() {}

  /**
   * The loaded fixture and merged config, and the host paths the experiment touches.
   *
   * @param fixture the loaded fixture
   * @param config the experiment settings, merged in precedence order
   * @param runners the runners available (built-in and from --agent-jar)
   * @param agentSpec the agent's runner spec
   * @param judgeSpec the judges' runner spec
   * @param needsLogin whether a runner drives Claude Code and so needs the Claude login
   * @param hostPaths paths to make readable in the container at the same place
   */
  record Prepared(
      Fixture fixture,
      ExperimentConfig config,
      AgentRunners runners,
      String agentSpec,
      String judgeSpec,
      boolean needsLogin,
      Set<Path> hostPaths) {

    /** The agent's adapter. */
    AgentAdapter agent(Map<String, String> env) {
      return runners.create(agentSpec, context(env));
    }

    /** The judges' adapter: the agent's own when both name the same runner spec. */
    AgentAdapter judge(Map<String, String> env, AgentAdapter agent) {
      return judgeSpec.equals(agentSpec) ? agent : runners.create(judgeSpec, context(env));
    }

    /** Whether the agent or the judges run Claude Code. */
    boolean runsClaudeCode() {
      return AgentRunners.nameOf(agentSpec).equals(AgentRunners.DEFAULT)
          || AgentRunners.nameOf(judgeSpec).equals(AgentRunners.DEFAULT);
    }

    private static AgentAdapterProvider.Context context(Map<String, String> env) {
      return new AgentAdapterProvider.Context(Path.of("").toAbsolutePath(), env);
    }
  }

  /**
   * Loads the fixture and merges the settings.
   *
   * @throws dev.scylla.core.fixture.FixtureException for a bad fixture
   * @throws UserInputException for bad options
   */
  static Prepared prepare(ExperimentOptions options) {
    Path tiersDir = options.fixture.tiersDir.toAbsolutePath().normalize();
    if (!Files.isDirectory(tiersDir)) {
      throw new UserInputException(
          "--tiers-dir "
              + options.fixture.tiersDir
              + " is not a directory: give a test folder (with test.yaml)");
    }
    Optional<Path> sharedDir =
        Optional.ofNullable(options.fixture.sharedDir).map(p -> p.toAbsolutePath().normalize());
    Fixture fixture = FixtureLoader.load(tiersDir, sharedDir);

    ExperimentConfig config;
    try {
      config =
          ExperimentConfigs.resolve(
              fixture,
              Optional.ofNullable(options.config).map(p -> p.toAbsolutePath().normalize()),
              overrides(options));
    } catch (ConfigException | IllegalArgumentException e) {
      throw new UserInputException(e.getMessage(), e);
    }

    List<Path> jars = options.agentJars.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    AgentRunners runners = AgentRunners.load(jars);
    String agentSpec = options.agent;
    String judgeSpec = options.judge != null ? options.judge : runners.defaultJudge(agentSpec);
    boolean needsLogin = false;
    Set<Path> paths = new LinkedHashSet<>();
    paths.addAll(fixture.readRoots());
    paths.addAll(jars);
    for (String[] use : new String[][] {{"--agent", agentSpec}, {"--judge", judgeSpec}}) {
      AgentAdapterProvider provider = runners.providerFor(use[1]);
      needsLogin |= provider.needsClaudeLogin();
      runnerPath(use[0], use[1]).ifPresent(paths::add);
    }
    if (options.infraRetries < 0) {
      throw new UserInputException(
          "--infra-retries must be 0 or more, was " + options.infraRetries);
    }
    if (options.rateLimitPauseSeconds < 1) {
      throw new UserInputException(
          "--rate-limit-pause must be 1 second or more, was " + options.rateLimitPauseSeconds);
    }
    // The judge prompt of a ProjectScylla checkout must be visible where the fixture is.
    JudgeSystemPrompt.projectScyllaPrompt(fixture.testDir()).ifPresent(paths::add);
    for (Path file : new Path[] {options.prompt, options.config, options.judgeSystemPrompt}) {
      if (file != null) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
          throw new UserInputException("no such file: " + file);
        }
        paths.add(absolute);
      }
    }
    Path promptFile = Path.of(config.taskPromptFile());
    if (!Files.isRegularFile(promptFile)) {
      throw new UserInputException(
          "the task prompt " + promptFile + " does not exist (check task_prompt_file or --prompt)");
    }
    if (options.judgeSystemPrompt != null) {
      try {
        JudgeSystemPrompt.fromFile(options.judgeSystemPrompt);
      } catch (IllegalArgumentException e) {
        throw new UserInputException("--judge-system-prompt: " + e.getMessage(), e);
      }
    }
    localRepository(config.taskRepo(), fixture.testDir()).ifPresent(paths::add);
    Prepared prepared =
        new Prepared(fixture, config, runners, agentSpec, judgeSpec, needsLogin, paths);
    checkTaskRepository(prepared, null);
    return prepared;
  }

  /**
   * The file a runner's argument names, if it names one: mounted into the container. A {@code
   * scripted} runner's file must exist.
   */
  private static Optional<Path> runnerPath(String option, String spec) {
    String argument = AgentRunners.argumentOf(spec);
    if (argument.isBlank()) {
      return Optional.empty();
    }
    Path path;
    try {
      path = Path.of(argument).toAbsolutePath().normalize();
    } catch (java.nio.file.InvalidPathException e) {
      return Optional.empty();
    }
    if (Files.exists(path)) {
      return Optional.of(path);
    }
    if (AgentRunners.nameOf(spec).equals("scripted")) {
      throw new UserInputException(option + " " + spec + ": no such file " + path);
    }
    return Optional.empty();
  }

  /**
   * Checks the task repository and commit before the experiment: a local one always, a remote one
   * only with a {@code remoteTimeout} ({@code git ls-remote}; null stays offline).
   *
   * @throws UserInputException naming the repository or commit that cannot be used
   */
  static void checkTaskRepository(Prepared prepared, Duration remoteTimeout) {
    try {
      TaskRepository.check(
          prepared.config().taskRepo(),
          prepared.config().taskCommit(),
          prepared.fixture().testDir(),
          remoteTimeout);
    } catch (WorkspaceException e) {
      throw new UserInputException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserInputException("interrupted while checking the task repository", e);
    }
  }

  /** Whether a task repository is given as a URL (not a local path or bundle). */
  static boolean isRemote(String repo) {
    return repo != null && REMOTE.matcher(repo).matches();
  }

  /** The folder of a task repository given as a local path or bundle, if it is one. */
  static Optional<Path> localRepository(String repo, Path testDir) {
    if (repo == null || REMOTE.matcher(repo).matches()) {
      return Optional.empty();
    }
    Path path = Path.of(repo);
    Path resolved =
        (path.isAbsolute() ? path : Path.of("").toAbsolutePath().resolve(path)).normalize();
    if (!Files.exists(resolved)) {
      resolved = testDir.resolve(path).normalize();
    }
    return Files.exists(resolved) ? Optional.of(resolved) : Optional.empty();
  }

  static ExperimentConfig.Overrides overrides(ExperimentOptions o) {
    List<TierId> tiers = new ArrayList<>();
    for (String tier : o.tiers) {
      try {
        tiers.add(TierId.valueOf(tier.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new UserInputException("--tiers " + tier + " is not a tier: use T0..T6");
      }
    }
    return ExperimentConfig.Overrides.builder()
        .experimentId(o.experimentId)
        .taskRepo(o.repo)
        .taskCommit(o.commit)
        .taskPromptFile(o.prompt == null ? null : o.prompt.toAbsolutePath().normalize().toString())
        .models(o.models.isEmpty() ? null : List.copyOf(o.models))
        .runsPerSubtest(o.runs)
        .tiersToRun(tiers.isEmpty() ? null : tiers)
        .judgeModels(o.judgeModel == null ? null : List.of(o.judgeModel))
        .additionalJudgeModels(o.addJudges.isEmpty() ? null : List.copyOf(o.addJudges))
        .parallelSubtests(o.parallel)
        .timeoutSeconds(o.timeoutSeconds)
        .maxTurns(o.maxTurns)
        .maxSubtests(o.maxSubtests)
        .maxCostUsd(o.maxCost == null ? null : o.maxCost.doubleValue())
        .build();
  }
}
