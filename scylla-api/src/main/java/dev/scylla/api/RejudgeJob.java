package dev.scylla.api;

import dev.scylla.core.agent.AgentRunners;
import dev.scylla.core.engine.ExperimentException;
import dev.scylla.core.engine.JudgeSystemPrompt;
import dev.scylla.core.engine.Rejudge;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.TierId;
import dev.scylla.core.report.ReportLoader;
import dev.scylla.core.workspace.TaskRepository;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An experiment's kept workspaces judged again, without running the agent: the previous verdicts go
 * to each run's {@code judge_history/<stamp>/} and every report is rebuilt. It reads the
 * experiment's fixture (where its configuration says it ran), its shared folder and the judges'
 * files, writes the experiment folder, and needs the login when the judges run Claude Code.
 *
 * @param experimentDir the experiment's folder
 * @param tiers only these tiers; empty: all
 * @param subtests only these sub-test ids; empty: all
 * @param judgeModels judge with these models instead of the experiment's; empty: the experiment's
 * @param judge the judges' runner, {@code NAME[:ARG]}
 * @param judgeSystemPrompt the judges' system prompt file; null: as the experiment chose it
 * @param agentJars jars with runners of one's own
 */
public record RejudgeJob(
    Path experimentDir,
    List<TierId> tiers,
    List<String> subtests,
    List<String> judgeModels,
    String judge,
    Path judgeSystemPrompt,
    List<Path> agentJars)
    implements Job<RejudgeOutcome> {

  /** Makes paths absolute and copies the lists. */
  public RejudgeJob {
    experimentDir =
        Objects.requireNonNull(experimentDir, "experimentDir").toAbsolutePath().normalize();
    tiers = List.copyOf(tiers);
    subtests = List.copyOf(subtests);
    judgeModels = List.copyOf(judgeModels);
    if (judge == null || judge.isBlank()) {
      throw new InvalidInputException(
          "the judges' runner must be NAME[:ARG], e.g. claude-code or scripted:FILE");
    }
    judgeSystemPrompt =
        judgeSystemPrompt == null ? null : judgeSystemPrompt.toAbsolutePath().normalize();
    agentJars = agentJars.stream().map(p -> p.toAbsolutePath().normalize()).toList();
  }

  /** A job that judges the experiment in {@code experimentDir} again with Claude Code. */
  public static RejudgeJob of(Path experimentDir) {
    return new RejudgeJob(
        experimentDir, List.of(), List.of(), List.of(), AgentRunners.DEFAULT, null, List.of());
  }

  /** This job with another judges' runner. */
  public RejudgeJob withJudge(String spec) {
    return new RejudgeJob(
        experimentDir, tiers, subtests, judgeModels, spec, judgeSystemPrompt, agentJars);
  }

  @Override
  public String label() {
    Path name = experimentDir.getFileName();
    return "rejudge-" + (name == null ? "experiment" : name.toString());
  }

  /**
   * {@inheritDoc}
   *
   * @throws InvalidInputException when the folder is not an experiment's, its fixture is gone, or a
   *     file of the judges is missing
   */
  @Override
  public List<Path> readPaths() {
    ExperimentConfig config = config();
    Set<Path> paths = new LinkedHashSet<>();
    Path fixture;
    try {
      fixture = Rejudge.fixtureDir(config);
    } catch (ExperimentException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
    paths.add(fixture);
    Rejudge.sharedDir(config).ifPresent(paths::add);
    JudgeSystemPrompt.projectScyllaPrompt(fixture).ifPresent(paths::add);
    if (judgeSystemPrompt != null) {
      if (!Files.isRegularFile(judgeSystemPrompt)) {
        throw new InvalidInputException(
            "the judges' system prompt " + judgeSystemPrompt + " is not a file");
      }
      paths.add(judgeSystemPrompt);
    }
    paths.addAll(agentJars);
    String argument = AgentRunners.argumentOf(judge);
    if (!argument.isBlank()) {
      try {
        Path file = Path.of(argument).toAbsolutePath().normalize();
        if (Files.exists(file)) {
          paths.add(file);
        } else if (AgentRunners.nameOf(judge).equals("scripted")) {
          throw new InvalidInputException(
              "the judges' runner " + judge + " names no file: " + file + " does not exist");
        }
      } catch (InvalidPathException e) {
        // Not a path: the runner reads its argument itself.
      }
    }
    if (config.taskRepo() != null) {
      TaskRepository.localPath(config.taskRepo(), fixture).ifPresent(paths::add);
    }
    return new ArrayList<>(paths);
  }

  @Override
  public List<Path> writePaths() {
    return List.of(experimentDir);
  }

  @Override
  public boolean needsLogin() {
    return AgentRunners.load(agentJars).providerFor(judge).needsClaudeLogin();
  }

  /** The experiment's stored configuration. */
  private ExperimentConfig config() {
    if (!Files.isDirectory(experimentDir)) {
      throw new InvalidInputException(
          experimentDir + " is not a directory: give an experiment's results folder");
    }
    try {
      return ReportLoader.load(experimentDir).result().config();
    } catch (RuntimeException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
  }
}
