package dev.scylla.cli;

import dev.scylla.api.RejudgeJob;
import dev.scylla.api.ScyllaImage;
import dev.scylla.core.model.TierId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    if (!Files.isDirectory(dir)) {
      throw new UserInputException(
          "RESULTS_DIR " + dir + " is not a directory: give an experiment's results folder");
    }
    List<TierId> tierIds = new ArrayList<>();
    for (String tier : tiers) {
      try {
        tierIds.add(TierId.parse(tier));
      } catch (IllegalArgumentException e) {
        throw new UserInputException("--tiers: " + e.getMessage(), e);
      }
    }
    RejudgeJob job =
        new RejudgeJob(
            dir, tierIds, subtests, judgeModels, judge, judgeSystemPrompt, jars.agentJars);
    if (ScyllaImage.runningInside()) {
      return new InsideRun(console).rejudge(job);
    }
    return new HostRun(console, image, container, credentials, docker, images, global.asArguments())
        .rejudge(job);
  }
}
