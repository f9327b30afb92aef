package dev.scylla.cli;

import dev.scylla.api.ExitCodes;
import dev.scylla.api.Experiment;
import dev.scylla.api.ScyllaImage;
import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentAdapterProvider;
import dev.scylla.core.agent.AgentRunners;
import dev.scylla.core.engine.ExperimentException;
import dev.scylla.core.engine.JudgeSystemPrompt;
import dev.scylla.core.engine.Rejudge;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.TierId;
import dev.scylla.core.report.LoadedReport;
import dev.scylla.core.report.ReportLoader;
import dev.scylla.credentials.CredentialGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scylla rejudge}: judges the kept workspaces of an experiment again with the current judge
 * and rebuilds its reports, without running the agent. On the host it runs in the runner container
 * as {@code run} does (the experiment's fixture and folder mounted, the login staged); inside the
 * runner image it judges directly.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "rejudge",
    sortOptions = false,
    description = {
      "Judge an experiment's kept workspaces again (no agent runs), keeping the previous verdicts"
          + " in each run's judge_history/<stamp>/, then rebuild every report.",
    },
    exitCodeListHeading = "%nExit codes:%n")
final class RejudgeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin GlobalOptions global;

  @Parameters(index = "0", paramLabel = "RESULTS_DIR", description = "An experiment's folder.")
  Path dir;

  @Option(
      names = "--tiers",
      split = ",",
      paramLabel = "TIER",
      description = "Only these tiers (default: all).")
  List<String> tiers = new ArrayList<>();

  @Option(
      names = "--subtests",
      split = ",",
      paramLabel = "ID",
      description = "Only these sub-test ids, e.g. 00,03 (default: all).")
  List<String> subtests = new ArrayList<>();

  @Option(
      names = "--judge-model",
      split = ",",
      paramLabel = "MODEL",
      description = "Judge with these models instead of the experiment's.")
  List<String> judgeModels = new ArrayList<>();

  @Option(
      names = "--judge",
      paramLabel = "NAME[:ARG]",
      defaultValue = "claude-code",
      description =
          "The runner of the judge calls: claude-code, scripted:FILE, or a runner of an"
              + " --agent-jar (default: ${DEFAULT-VALUE}).")
  String judge;

  @Option(
      names = "--judge-system-prompt",
      paramLabel = "FILE",
      description =
          "System prompt of the judges (default: as run chooses it: the ProjectScylla"
              + " checkout's config/judge/system_prompt.md, else Scylla's own).")
  Path judgeSystemPrompt;

  @Mixin AgentJarOptions jars = new AgentJarOptions();

  @Mixin ImageOptions image;

  @Mixin ContainerOptions container;

  @Mixin CredentialOptions credentials;

  private final Docker docker;
  private final Images.Source images;

  RejudgeCommand() {
    this(Docker.system(), Images.Source.system());
  }

  RejudgeCommand(Docker docker, Images.Source images) {
    this.docker = docker;
    this.images = images;
  }

  @Override
  public Integer call() throws Exception {
    Console console = Console.of(spec, global);
    LoadedReport report = loadExperiment();
    Path experiment = report.experimentDir();
    Set<TierId> tierIds = new LinkedHashSet<>();
    try {
      tiers.forEach(t -> tierIds.add(TierId.parse(t)));
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--tiers: " + e.getMessage(), e);
    }
    if (ScyllaImage.runningInside()) {
      return inside(console, experiment, tierIds);
    }
    ExperimentConfig config = report.result().config();
    Path fixture;
    try {
      fixture = Rejudge.fixtureDir(config);
    } catch (ExperimentException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    // The container needs what `run` mounts: the fixture, the task repository, the results.
    Experiment mounts =
        Experiment.builder(fixture)
            // Only an existing shared folder: passing a missing one explicitly is an error.
            .sharedDir(Rejudge.sharedDir(config).orElse(null))
            .resultsDir(experiment.getParent())
            .experimentId(config.experimentId())
            .agent(judge)
            .judge(judge)
            .agentJars(jars.agentJars)
            .judgeSystemPrompt(judgeSystemPrompt)
            .build();
    List<String> arguments = new ArrayList<>();
    arguments.add("rejudge");
    arguments.add(experiment.toString());
    if (!tierIds.isEmpty()) {
      arguments.add("--tiers");
      arguments.add(String.join(",", tierIds.stream().map(TierId::name).toList()));
    }
    if (!subtests.isEmpty()) {
      arguments.add("--subtests");
      arguments.add(String.join(",", subtests));
    }
    if (!judgeModels.isEmpty()) {
      arguments.add("--judge-model");
      arguments.add(String.join(",", judgeModels));
    }
    arguments.add("--judge");
    arguments.add(judge);
    mounts
        .judgeSystemPrompt()
        .ifPresent(
            file -> {
              arguments.add("--judge-system-prompt");
              arguments.add(file.toString());
            });
    for (Path jar : mounts.agentJars()) {
      arguments.add("--agent-jar");
      arguments.add(jar.toString());
    }
    return new HostRun(console, image, container, credentials, docker, images, global.asArguments())
        .runCommand(mounts, arguments);
  }

  private LoadedReport loadExperiment() {
    if (!Files.isDirectory(dir)) {
      throw new UserInputException(
          "RESULTS_DIR " + dir + " is not a directory: give an experiment's results folder");
    }
    try {
      return ReportLoader.load(dir.toAbsolutePath().normalize());
    } catch (RuntimeException e) {
      throw new UserInputException(e.getMessage(), e);
    }
  }

  private int inside(Console console, Path experiment, Set<TierId> tierIds)
      throws InterruptedException {
    Map<String, String> env = System.getenv();
    AgentRunners runners =
        AgentRunners.load(
            jars.agentJars.stream().map(p -> p.toAbsolutePath().normalize()).toList());
    AgentAdapter adapter =
        runners.create(
            judge,
            new AgentAdapterProvider.Context(
                Path.of("").toAbsolutePath(), env, ScyllaImage.claudeBinaryFrom(env)));
    Rejudge.Builder rejudge =
        Rejudge.builder()
            .experimentDir(experiment)
            .judge(adapter)
            .judgeModels(judgeModels)
            .tiers(tierIds)
            .subtests(Set.copyOf(subtests))
            .afterJudgeCall(() -> CredentialGuard.guardConfigDirOf(env));
    if (judgeSystemPrompt != null) {
      try {
        rejudge.judgeSystemPrompt(JudgeSystemPrompt.fromFile(judgeSystemPrompt.toAbsolutePath()));
      } catch (IllegalArgumentException e) {
        throw new UserInputException("--judge-system-prompt: " + e.getMessage(), e);
      }
    }
    Rejudge.Outcome outcome;
    try {
      outcome = rejudge.build().run();
    } catch (Rejudge.LoginFailedException e) {
      console.err().println("scylla: " + e.getMessage());
      console.err().flush();
      return ExitCodes.CREDENTIALS;
    }
    LoadedReport report = outcome.report();
    console.note(
        "Judged "
            + outcome.rejudged()
            + " runs again"
            + (outcome.skipped() == 0
                ? ""
                : " (" + outcome.skipped() + " without a kept workspace or agent work skipped)")
            + "; previous verdicts in each run's judge_history/"
            + outcome.history()
            + "/"
            + (outcome.awaiting() == 0
                ? ""
                : "; "
                    + outcome.awaiting()
                    + " runs still await judgment: no judge could reach the model (run the same"
                    + " command again)"));
    console.print(report.summaryLines());
    return ExitCodes.OK;
  }
}
