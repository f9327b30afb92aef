package dev.scylla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.api.Experiment;
import dev.scylla.core.model.TierId;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The container runs {@code scylla run} with an experiment's arguments: they must say it all. */
class ExperimentsTest {

  private static Experiment parsed(List<String> arguments) {
    RunCommand command = new RunCommand();
    new CommandLine(command)
        .parseArgs(arguments.subList(1, arguments.size()).toArray(String[]::new));
    return Experiments.from(command.experiment);
  }

  @Test
  void arguments_parsedByRun_giveTheSameExperiment_everySettingSet() {
    Experiment full =
        Experiment.builder(Path.of("/srv/tests/test-001"))
            .sharedDir(Path.of("/srv/shared"))
            .tiers(TierId.T0, TierId.T3)
            .runs(3)
            .parallel(2)
            .timeoutSeconds(600)
            .maxSubtests(4)
            .maxTurns(12)
            .maxCostUsd(new BigDecimal("1.25"))
            .models(List.of("claude-sonnet-4-5", "claude-haiku-4-5"))
            .judgeModel("claude-opus-4-5")
            .additionalJudgeModels(List.of("claude-sonnet-4-5"))
            .resultsDir(Path.of("/srv/results"))
            .repo("https://example.org/task.git")
            .commit("abc123")
            .prompt(Path.of("/srv/prompt.md"))
            .experimentId("exp-1")
            .configFile(Path.of("/srv/experiment.yaml"))
            .fresh(true)
            .judgeSystemPrompt(Path.of("/srv/judge.md"))
            .infraRetries(5)
            .rateLimitPause(Duration.ofSeconds(90))
            .maxOutage(Duration.ofSeconds(120))
            .retryErrored(true)
            .until(Experiment.UNTIL_AGENT_COMPLETE)
            .agent("hello:x")
            .judge("scripted:/srv/judge.yaml")
            .agentJar(Path.of("/srv/runner.jar"))
            .build();

    Experiment back = parsed(full.arguments());

    assertThat(back).isEqualTo(full);
    assertThat(back.overrides()).isEqualTo(full.overrides());
  }

  @Test
  void arguments_ofTheDefaults_leaveEveryUnsetSettingOut() {
    Experiment plain = Experiment.builder(Path.of("/srv/tests/test-001")).build();

    assertThat(plain.arguments())
        .containsExactly(
            "run",
            "--tiers-dir",
            "/srv/tests/test-001",
            "--results-dir",
            Path.of("results").toAbsolutePath().toString(),
            "--infra-retries",
            "2",
            "--rate-limit-pause",
            "60",
            "--max-outage",
            "1800",
            "--agent",
            "claude-code");
    assertThat(parsed(plain.arguments())).isEqualTo(plain);
  }
}
