package dev.scylla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scylla.api.Experiment;
import dev.scylla.api.ExperimentSettings;
import dev.scylla.core.model.ThinkingMode;
import dev.scylla.core.model.TierId;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code scylla run}'s options and the experiment's settings document: every setting has its
 * option, and the options' defaults are the document's.
 */
class ExperimentsTest {

  private static Experiment parsed(List<String> arguments) {
    RunCommand command = new RunCommand();
    CommandLine cli = new CommandLine(command);
    cli.setDefaultValueProvider(new SettingsOptions());
    cli.parseArgs(arguments.toArray(String[]::new));
    return Experiments.from(command.experiment);
  }

  /** The options that give every setting of {@code settings} its value, from its document. */
  private static List<String> optionsOf(ExperimentSettings settings) {
    List<String> args = new ArrayList<>();
    ObjectNode json;
    try {
      json =
          (ObjectNode)
              new com.fasterxml.jackson.databind.ObjectMapper().readTree(settings.toJson());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    json.fieldNames()
        .forEachRemaining(
            key -> {
              JsonNode value = json.get(key);
              if (key.equals("version") || value.isNull()) {
                return;
              }
              String option =
                  SettingsOptions.optionOf(key)
                      .orElseThrow(() -> new AssertionError("no option sets " + key));
              if (value.isBoolean()) {
                if (value.asBoolean()) {
                  args.add(option);
                }
              } else if (value.isArray()) {
                value.forEach(
                    element -> {
                      args.add(option);
                      args.add(element.asText());
                    });
              } else {
                args.add(option);
                args.add(value.asText());
              }
            });
    return args;
  }

  @Test
  void everySetting_hasTheOptionThatSetsIt_andTheOptionsGiveTheSameExperiment() {
    Experiment full =
        Experiment.builder(Path.of("/srv/tests/test-001"))
            .sharedDir(Path.of("/srv/shared"))
            .skillsDirs(List.of(Path.of("/srv/skills-a"), Path.of("/srv/skills-b")))
            .thinking(ThinkingMode.HIGH)
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

    Experiment back = parsed(optionsOf(full.settings()));

    assertThat(back).isEqualTo(full);
    assertThat(back.overrides()).isEqualTo(full.overrides());
    assertThat(ExperimentSettings.fromJson(full.settings().toJson())).isEqualTo(full.settings());
  }

  @Test
  void theOptionsDefaults_areTheSettingsDocumentsDefaults() {
    Experiment plain = Experiment.builder(Path.of("/srv/tests/test-001")).build();

    assertThat(parsed(List.of("--tiers-dir", "/srv/tests/test-001"))).isEqualTo(plain);
    CommandLine cli = new CommandLine(new RunCommand());
    cli.setDefaultValueProvider(new SettingsOptions());
    for (Map.Entry<String, String> e : SettingsOptions.defaults().entrySet()) {
      assertThat(cli.getCommandSpec().findOption(e.getKey()).defaultValue())
          .as(e.getKey())
          .isNull();
      assertThat(new SettingsOptions().defaultValue(cli.getCommandSpec().findOption(e.getKey())))
          .as(e.getKey())
          .isEqualTo(e.getValue());
    }
    assertThat(SettingsOptions.defaults())
        .containsEntry("--infra-retries", "2")
        .containsEntry("--rate-limit-pause", "60")
        .containsEntry("--max-outage", "1800")
        .containsEntry("--agent", "claude-code")
        .containsEntry("--results-dir", "results");
  }

  @Test
  void noExperimentOption_writesADefaultOfItsOwn() {
    for (Class<?> options :
        List.of(ExperimentOptions.class, FixtureOptions.class, AgentJarOptions.class)) {
      for (Field field : options.getDeclaredFields()) {
        CommandLine.Option option = field.getAnnotation(CommandLine.Option.class);
        if (option != null) {
          assertThat(option.defaultValue())
              .as(options.getSimpleName() + "." + field.getName())
              .isEqualTo("__no_default_value__");
        }
      }
    }
  }
}
