package dev.scylla.api.internal;

import dev.scylla.api.Experiment;
import dev.scylla.api.InvalidInputException;
import dev.scylla.api.ScyllaImage;
import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentAdapterProvider;
import dev.scylla.core.agent.AgentRunners;
import dev.scylla.core.config.ConfigException;
import dev.scylla.core.config.ExperimentConfigs;
import dev.scylla.core.engine.JudgeSystemPrompt;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureLoader;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.workspace.TaskRepository;
import dev.scylla.core.workspace.WorkspaceException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An experiment loaded and checked, the same on the host and inside the runner container: the
 * fixture, the merged configuration, the runners, and every host path the experiment reads.
 *
 * @param experiment what was asked for
 * @param fixture the loaded fixture
 * @param config the experiment settings, merged in precedence order
 * @param runners the runners available (built-in and from the agent jars)
 * @param agentSpec the agent's runner spec
 * @param judgeSpec the judges' runner spec
 * @param needsLogin whether a runner drives Claude Code and so needs the Claude login
 * @param readPaths host paths to make readable in the container at the same place
 * @param judgeSystemPrompt the judges' system prompt, read and checked
 */
public record PreparedExperiment(
    Experiment experiment,
    Fixture fixture,
    ExperimentConfig config,
    AgentRunners runners,
    String agentSpec,
    String judgeSpec,
    boolean needsLogin,
    Set<Path> readPaths,
    JudgeSystemPrompt judgeSystemPrompt) {

  /** The agent's adapter. */
  public AgentAdapter agent(Map<String, String> env) {
    return runners.create(agentSpec, context(env));
  }

  /** The judges' adapter: the agent's own when both name the same runner spec. */
  public AgentAdapter judge(Map<String, String> env, AgentAdapter agent) {
    return judgeSpec.equals(agentSpec) ? agent : runners.create(judgeSpec, context(env));
  }

  /** Whether the agent or the judges run Claude Code. */
  public boolean runsClaudeCode() {
    return AgentRunners.nameOf(agentSpec).equals(AgentRunners.DEFAULT)
        || AgentRunners.nameOf(judgeSpec).equals(AgentRunners.DEFAULT);
  }

  /** Whether the task repository is given as a URL (not a local path or bundle). */
  public boolean remoteRepository() {
    return TaskRepository.isRemote(config.taskRepo());
  }

  private static AgentAdapterProvider.Context context(Map<String, String> env) {
    return new AgentAdapterProvider.Context(
        Path.of("").toAbsolutePath(), env, ScyllaImage.claudeBinaryFrom(env));
  }

  /**
   * Loads the fixture, merges the settings and checks every file and runner the experiment names,
   * and a local task repository and commit.
   *
   * @throws dev.scylla.core.fixture.FixtureException for a bad fixture
   * @throws InvalidInputException for anything else that cannot be used as given
   */
  public static PreparedExperiment of(Experiment experiment) {
    Path tiersDir = experiment.tiersDir();
    if (!Files.isDirectory(tiersDir)) {
      throw new InvalidInputException(
          "tiers_dir",
          "the test folder " + tiersDir + " is not a directory: give a folder with test.yaml",
          null);
    }
    Fixture fixture = FixtureLoader.load(tiersDir, experiment.sharedDir(), experiment.skillsDirs());

    ExperimentConfig config;
    try {
      config = ExperimentConfigs.resolve(fixture, experiment.configFile(), experiment.overrides());
    } catch (ConfigException | IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }

    AgentRunners runners = AgentRunners.load(experiment.agentJars());
    String agentSpec = experiment.agent();
    String judgeSpec = experiment.judge().orElseGet(() -> runners.defaultJudge(agentSpec));
    boolean needsLogin = false;
    Set<Path> paths = new LinkedHashSet<>();
    paths.addAll(fixture.readRoots());
    paths.addAll(experiment.agentJars());
    for (String[] use : new String[][] {{"agent", agentSpec}, {"judge", judgeSpec}}) {
      AgentAdapterProvider provider = runners.providerFor(use[1]);
      needsLogin |= provider.needsClaudeLogin();
      runnerPath(use[0], use[1]).ifPresent(paths::add);
    }
    // The judge prompt of a ProjectScylla checkout must be visible where the fixture is.
    JudgeSystemPrompt.projectScyllaPrompt(fixture.testDir()).ifPresent(paths::add);
    for (Optional<Path> file :
        java.util.List.of(
            experiment.prompt(), experiment.configFile(), experiment.judgeSystemPrompt())) {
      if (file.isPresent()) {
        if (!Files.isRegularFile(file.get())) {
          throw new InvalidInputException("no such file: " + file.get());
        }
        paths.add(file.get());
      }
    }
    Path promptFile = Path.of(config.taskPromptFile());
    if (!Files.isRegularFile(promptFile)) {
      throw new InvalidInputException(
          "the task prompt "
              + promptFile
              + " does not exist (check the test's task_prompt_file, or give a prompt file)");
    }
    JudgeSystemPrompt judgeSystemPrompt = judgeSystemPrompt(experiment, fixture);
    TaskRepository.localPath(config.taskRepo(), fixture.testDir()).ifPresent(paths::add);
    PreparedExperiment prepared =
        new PreparedExperiment(
            experiment,
            fixture,
            config,
            runners,
            agentSpec,
            judgeSpec,
            needsLogin,
            paths,
            judgeSystemPrompt);
    prepared.checkTaskRepository(null);
    return prepared;
  }

  /**
   * The judges' system prompt the experiment chose, else the ProjectScylla checkout's, else the
   * built-in one.
   */
  private static JudgeSystemPrompt judgeSystemPrompt(Experiment experiment, Fixture fixture) {
    try {
      return JudgeSystemPrompt.choose(
          experiment.judgeSystemPrompt().orElse(null), fixture.testDir());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "judge_system_prompt", "the judges' system prompt: " + e.getMessage(), e);
    }
  }

  /**
   * Checks the task repository and commit: a local one always, a remote one only with a {@code
   * remoteTimeout} ({@code git ls-remote}; null stays offline).
   *
   * @throws InvalidInputException naming the repository or commit that cannot be used
   */
  public void checkTaskRepository(Duration remoteTimeout) {
    try {
      TaskRepository.check(
          config.taskRepo(), config.taskCommit(), fixture.testDir(), remoteTimeout);
    } catch (WorkspaceException e) {
      throw new InvalidInputException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvalidInputException("interrupted while checking the task repository", e);
    }
  }

  /**
   * The file a runner's argument names, if it names one: mounted into the container. A {@code
   * scripted} runner's file must exist.
   */
  private static Optional<Path> runnerPath(String setting, String spec) {
    String argument = AgentRunners.argumentOf(spec);
    if (argument.isBlank()) {
      return Optional.empty();
    }
    Path path;
    try {
      path = Path.of(argument).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
    if (Files.exists(path)) {
      return Optional.of(path);
    }
    if (AgentRunners.nameOf(spec).equals("scripted")) {
      throw new InvalidInputException(
          setting,
          (setting.equals("agent") ? "the agent's runner " : "the judges' runner ")
              + spec
              + ": no such file "
              + path,
          null);
    }
    return Optional.empty();
  }
}
