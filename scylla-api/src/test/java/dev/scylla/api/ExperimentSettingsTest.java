package dev.scylla.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scylla.core.model.ThinkingMode;
import dev.scylla.core.model.TierId;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings document, and the job documents that carry it into a runner container. */
class ExperimentSettingsTest {

  @TempDir Path dir;

  static Experiment everySettingSet() {
    return Experiment.builder(Path.of("/srv/tests/test-001"))
        .sharedDir(Path.of("/srv/shared"))
        .skillsDirs(List.of(Path.of("/srv/skills")))
        .thinking(ThinkingMode.LOW)
        .tiers(TierId.T1, TierId.T5)
        .runs(4)
        .parallel(3)
        .timeoutSeconds(900)
        .maxSubtests(2)
        .maxTurns(30)
        .maxCostUsd(new BigDecimal("2.50"))
        .models(List.of("claude-sonnet-4-6"))
        .judgeModel("claude-opus-4-6")
        .additionalJudgeModels(List.of("claude-haiku-4-5"))
        .resultsDir(Path.of("/srv/results"))
        .repo("/srv/repo")
        .commit("deadbeef")
        .prompt(Path.of("/srv/prompt.md"))
        .experimentId("exp-9")
        .configFile(Path.of("/srv/config.yaml"))
        .fresh(true)
        .judgeSystemPrompt(Path.of("/srv/judge.md"))
        .infraRetries(0)
        .rateLimitPause(Duration.ofSeconds(5))
        .maxOutage(Duration.ofSeconds(7))
        .retryErrored(true)
        .until("agent_complete")
        .agent("scripted:/srv/agent.yaml")
        .judge("claude-code")
        .agentJars(List.of(Path.of("/srv/a.jar")))
        .build();
  }

  @Test
  void theDocument_readsBackToTheSameSettings_everyOneSet() {
    Experiment full = everySettingSet();

    ExperimentSettings back = ExperimentSettings.fromJson(full.settings().toJson());

    assertThat(back).isEqualTo(full.settings());
    assertThat(Experiment.of(back)).isEqualTo(full);
  }

  @Test
  void aKeyLeftOut_takesItsDefault_andTheDefaultsAreThoseOfABuilder() {
    ExperimentSettings read =
        ExperimentSettings.fromJson("{\"version\": 1, \"tiers_dir\": \"/srv/t\"}");

    assertThat(Experiment.of(read)).isEqualTo(Experiment.builder(Path.of("/srv/t")).build());
    assertThat(read.infraRetries()).isEqualTo(2);
    assertThat(read.rateLimitPause()).isEqualTo(Duration.ofSeconds(60));
    assertThat(read.maxOutage()).isEqualTo(Duration.ofMinutes(30));
    assertThat(read.agent()).isEqualTo("claude-code");
  }

  @Test
  void aDocumentOfAnotherVersion_anUnknownKey_orAWrongType_isRefusedNamingIt() {
    assertThatThrownBy(() -> ExperimentSettings.fromJson("{\"version\": 2}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("version");
    assertThatThrownBy(
            () ->
                ExperimentSettings.fromJson("{\"version\": 1, \"tiers_dir\": \"/t\", \"rns\": 3}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'rns'");
    assertThatThrownBy(
            () ->
                ExperimentSettings.fromJson(
                    "{\"version\": 1, \"tiers_dir\": \"/t\", \"runs\": \"three\"}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("runs");
    assertThatThrownBy(() -> ExperimentSettings.fromJson("not json"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aValueOutOfRange_namesItsSetting() {
    assertThatThrownBy(() -> Experiment.builder(Path.of("/t")).maxOutage(Duration.ZERO).build())
        .isInstanceOfSatisfying(
            InvalidSettingException.class,
            e -> {
              assertThat(e.setting()).contains("max_outage_seconds");
              assertThat(Failures.settingOf(e)).contains("max_outage_seconds");
              assertThat(e.problem()).isEqualTo("must be 1 second or more, was 0");
            });
  }

  @Test
  void theInvocationOnlySettings_areSettingsOfTheDocument() {
    assertThat(ExperimentSettings.keys()).containsAll(ExperimentSettings.INVOCATION_ONLY);
    assertThat(ExperimentSettings.INVOCATION_ONLY)
        .doesNotContain("runs", "tiers", "models", "agent", "judge", "repo", "commit");
  }

  @Test
  void jobDocuments_readBackToTheSameJobs() throws Exception {
    Path a = Files.createDirectories(dir.resolve("test-a"));
    Path b = Files.createDirectories(dir.resolve("test-b"));
    Batch batch =
        Batch.builder(List.of(a, b), Experiment.builder(a).runs(2).build())
            .id("nightly")
            .parallel(3)
            .maxCostUsd(new BigDecimal("4.5"))
            .fresh(true)
            .build();
    RejudgeJob rejudge =
        new RejudgeJob(
            dir.resolve("exp"),
            List.of(TierId.T0),
            List.of("01"),
            List.of("claude-opus-4-6"),
            "scripted:/srv/judge.yaml",
            dir.resolve("judge.md"),
            List.of(dir.resolve("r.jar")));

    for (Job<?> job : List.of(Job.experiment(everySettingSet()), rejudge)) {
      Path file = dir.resolve(job.label() + ".json");
      Jobs.write(job, file);
      assertThat(Jobs.read(file)).isEqualTo(job);
    }
    Path file = dir.resolve("batch.json");
    Jobs.write(Job.batch(batch), file);
    Batch back = ((BatchJob) Jobs.read(file)).batch();
    assertThat(back.id()).isEqualTo("nightly");
    assertThat(back.tests()).isEqualTo(batch.tests());
    assertThat(back.parallel()).isEqualTo(3);
    assertThat(back.maxCostUsd()).isEqualByComparingTo("4.5");
    assertThat(back.fresh()).isTrue();
    assertThat(back.template()).isEqualTo(batch.template());
    assertThatThrownBy(() -> Jobs.toJson(Job.shell("s1")))
        .isInstanceOf(InvalidInputException.class);
  }
}
