package dev.scylla.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureLoader;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.ExperimentConfig.Overrides;
import dev.scylla.core.model.TierId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentConfigsTest {
  static final Path TEST_001 =
      Paths.get(
              System.getProperty(
                  "scylla.reference.fixtures", "/work/shared/fixtures/scylla-ref/tests"))
          .resolve("fixtures/tests/test-001");

  static Fixture fixture;

  @TempDir Path dir;

  @BeforeAll
  static void load() {
    fixture = FixtureLoader.load(TEST_001);
  }

  @Test
  void resolve_withoutOverrides_takesTestYamlThenTestConfigThenDefaults() {
    ExperimentConfig c = ExperimentConfigs.resolve(fixture, Optional.empty(), Overrides.NONE);

    assertThat(c.experimentId()).isEqualTo("test-001");
    assertThat(c.taskRepo()).isEqualTo("https://github.com/mvillmow/Hello-World");
    assertThat(c.taskCommit()).isEqualTo("7fd1a60b01f91b314f59955a4e4d4e80d8edf11d");
    assertThat(c.taskPromptFile()).isEqualTo(fixture.promptFile().toString());
    assertThat(c.language()).isEqualTo("python");
    assertThat(c.tiersToRun()).containsExactly(TierId.values());
    // test.yaml's task.timeout_seconds (300) outranks the test's config.yaml (7200)
    assertThat(c.timeoutSeconds()).isEqualTo(300);
    // only the test's config.yaml gives a budget
    assertThat(c.maxCostUsd()).isEqualTo(5.0);
    assertThat(c.models()).containsExactly(ExperimentConfig.DEFAULT_MODEL);
    assertThat(c.judgeModels()).containsExactly(ExperimentConfig.DEFAULT_JUDGE_MODEL);
    assertThat(c.runsPerSubtest()).isEqualTo(10);
    assertThat(c.parallelSubtests()).isEqualTo(4);
    assertThat(c.maxTurns()).isNull();
    assertThat(c.maxSubtests()).isNull();
    assertThat(c.tiersDir()).isEqualTo(fixture.testDir().toString());
  }

  @Test
  void resolve_cliBeatsConfigFileWhichBeatsTheFixture() throws IOException {
    Path yaml = dir.resolve("exp.yaml");
    Files.writeString(
        yaml,
        "runs: 3\n"
            + "tiers_to_run: [T0, t1]\n"
            + "timeout_seconds: 900\n"
            + "max_cost_usd: 1.5\n"
            + "judge_models: [claude-opus-4-1]\n"
            + "task_prompt_file: prompts/p.md\n");
    Overrides cli =
        new Overrides(
            "my-exp",
            null,
            null,
            null,
            null,
            List.of("claude-haiku-4-5"),
            1,
            null,
            null,
            List.of("claude-sonnet-4-5"),
            2,
            null,
            30,
            1,
            null);

    ExperimentConfig c = ExperimentConfigs.resolve(fixture, Optional.of(yaml), cli);

    assertThat(c.experimentId()).isEqualTo("my-exp");
    assertThat(c.models()).containsExactly("claude-haiku-4-5");
    assertThat(c.runsPerSubtest()).isEqualTo(1);
    assertThat(c.tiersToRun()).containsExactly(TierId.T0, TierId.T1);
    assertThat(c.timeoutSeconds()).isEqualTo(900);
    assertThat(c.maxCostUsd()).isEqualTo(1.5);
    assertThat(c.judgeModels()).containsExactly("claude-opus-4-1", "claude-sonnet-4-5");
    assertThat(c.parallelSubtests()).isEqualTo(2);
    assertThat(c.maxTurns()).isEqualTo(30);
    assertThat(c.maxSubtests()).isEqualTo(1);
    assertThat(c.taskPromptFile()).isEqualTo(dir.resolve("prompts/p.md").toString());
    assertThat(c.taskRepo()).isEqualTo("https://github.com/mvillmow/Hello-World");
  }

  @Test
  void resolve_relativeCliPaths_becomeAbsolute() {
    Overrides cli =
        new Overrides(
            null,
            "repos/task.bundle",
            null,
            "p.md",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    ExperimentConfig c = ExperimentConfigs.resolve(fixture, Optional.empty(), cli);
    assertThat(Paths.get(c.taskRepo())).isAbsolute();
    assertThat(c.taskRepo()).endsWith("/repos/task.bundle");
    assertThat(Paths.get(c.taskPromptFile())).isAbsolute();
  }

  @Test
  void resolve_invalidValue_isOneLineNamingTheKey() {
    Overrides cli =
        new Overrides(
            null, null, null, null, null, null, 0, null, null, null, null, null, null, null, null);
    assertThatThrownBy(() -> ExperimentConfigs.resolve(fixture, Optional.empty(), cli))
        .isInstanceOf(ConfigException.class)
        .hasMessage("invalid configuration: runs_per_subtest must be >= 1, got 0");
  }

  @Test
  void resolve_tierWithoutFolder_isRefused() throws IOException {
    Path yaml = dir.resolve("exp.yaml");
    Files.writeString(yaml, "tiers: [T0]\n");
    Fixture small = smallFixture();
    Overrides cli =
        new Overrides(
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(TierId.T3),
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    assertThatThrownBy(() -> ExperimentConfigs.resolve(small, Optional.of(yaml), cli))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tiers [T3] have no folder")
        .hasMessageNotContaining("\n");
  }

  @Test
  void readOverrides_unknownKeyOrBadValue_namesFileAndKey() throws IOException {
    Path typo = dir.resolve("typo.yaml");
    Files.writeString(typo, "runs_per_subtset: 3\n");
    assertThatThrownBy(() -> ExperimentConfigs.readOverrides(typo))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config file " + typo + ": unknown key 'runs_per_subtset'");

    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "runs: many\n");
    assertThatThrownBy(() -> ExperimentConfigs.readOverrides(bad))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "config file " + bad + ": 'runs_per_subtest' has an invalid value 'many'");

    Path tier = dir.resolve("tier.yaml");
    Files.writeString(tier, "tiers: [T9]\n");
    assertThatThrownBy(() -> ExperimentConfigs.readOverrides(tier))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tiers")
        .hasMessageContaining("T9")
        .hasMessageNotContaining("\n")
        .hasMessageNotContaining("com.fasterxml");

    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "runs: [1\n");
    assertThatThrownBy(() -> ExperimentConfigs.readOverrides(broken))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config file " + broken + " is not valid YAML")
        .hasMessageNotContaining("\n");

    assertThatThrownBy(() -> ExperimentConfigs.readOverrides(dir.resolve("none.yaml")))
        .hasMessageContaining("does not exist");
  }

  private Fixture smallFixture() throws IOException {
    Path test = dir.resolve("fx/fixtures/tests/t");
    Files.createDirectories(test.resolve("expected"));
    Files.createDirectories(test.resolve("t0/00-empty"));
    Files.writeString(test.resolve("test.yaml"), "id: t\nsource: {repo: repo.bundle}\n");
    Files.writeString(test.resolve("prompt.md"), "do it\n");
    Files.writeString(test.resolve("expected/criteria.md"), "criteria\n");
    Files.writeString(
        test.resolve("expected/rubric.yaml"),
        "categories:\n  f:\n    weight: 1.0\n    scoring_type: checklist\n"
            + "    items: [{id: F1, check: ok, points: 1}]\n");
    Files.writeString(test.resolve("t0/00-empty/config.yaml"), "name: Empty\n");
    Fixture f = FixtureLoader.load(test);
    assertThat(ExperimentConfigs.resolve(f, Optional.empty(), Overrides.NONE).taskRepo())
        .as("a relative repository in test.yaml is the fixture's own")
        .isEqualTo(test.resolve("repo.bundle").toString());
    return f;
  }
}
