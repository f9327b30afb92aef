package dev.scylla.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scylla.core.agent.ScriptedAgent;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureLoader;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.TierId;
import dev.scylla.core.testing.TestFixtures;
import dev.scylla.core.testing.UsesGit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** T5 runs after T0 and builds on T0's best sub-test. */
@UsesGit
class InheritanceTest {
  @TempDir Path tmp;

  @Test
  void t5_extendsTheBestSubTestOfT0() throws Exception {
    Path dir = TestFixtures.copyExample(tmp, 0);
    Files.createDirectories(dir.resolve("t0/02-own"));
    Files.writeString(
        dir.resolve("t0/02-own/config.yaml"),
        "name: Own\ndescription: one block\nextends_previous: false\n"
            + "resources:\n  claude_md:\n    blocks: [B01]\n");
    Path shared = Files.createDirectories(tmp.resolve("shared/blocks")).getParent();
    Files.writeString(shared.resolve("blocks/B01-brief.md"), "Be brief.\n");
    Files.createDirectories(dir.resolve("t5/01-hybrid"));
    Files.writeString(
        dir.resolve("t5/01-hybrid/config.yaml"),
        "name: Hybrid\ndescription: best of T0\nextends_previous: true\ninherit_best_from: [T0]\n"
            + "tools:\n  enabled: [Read, Write]\n");
    Files.writeString(
        dir.resolve("test.yaml"),
        Files.readString(dir.resolve("test.yaml")).replace("  - T0\n", "  - T0\n  - T5\n"));
    Path script = tmp.resolve("script.yaml");
    Files.writeString(
        script,
        "agent:\n  default: {files: {hello.py: \"print(1)\\n\"}, cost_usd: 0.01}\n"
            + "judge:\n  default: {score: 0.7}\n  runs:\n    - {tier: T0, subtest: \"02\", score: 0.95}\n");
    Fixture fixture = FixtureLoader.load(dir, Optional.of(shared));
    ExperimentConfig base = TestFixtures.config(fixture, "inherit", 1, 2, null, null);
    ExperimentConfig config =
        new ExperimentConfig(
            base.experimentId(),
            base.taskRepo(),
            base.taskCommit(),
            base.taskPromptFile(),
            base.language(),
            base.models(),
            1,
            List.of(TierId.T0, TierId.T5),
            base.judgeModels(),
            2,
            60,
            null,
            null,
            null,
            base.tiersDir(),
            null);
    ScriptedAgent agent = ScriptedAgent.load(script);

    ExperimentOutcome outcome =
        ExperimentRunner.builder()
            .fixture(fixture)
            .config(config)
            .resultsRoot(tmp.resolve("results"))
            .python(TestFixtures.PYTHON)
            .agent(agent)
            .judge(agent)
            .build()
            .run();

    assertThat(outcome.result().tierResults().get(TierId.T0).bestSubtest()).isEqualTo("02");
    Path run = outcome.experimentDir().resolve("T5/01/run_01");
    assertThat(Files.readString(run.resolve("workspace/CLAUDE.md"))).isEqualTo("Be brief.\n");
    JsonNode manifest = ScyllaJson.mapper().readTree(run.resolve("config_manifest.json").toFile());
    assertThat(manifest.get("inherited_from").get(0).asText()).isEqualTo("T0/02");
    assertThat(manifest.at("/resources/tools").toString()).isEqualTo("[\"Read\",\"Write\"]");
    assertThat(Files.readString(run.resolve("agent/result.json"))).isNotEmpty();
    assertThat(outcome.result().tierResults().get(TierId.T5).inheritedFrom())
        .containsExactly("T0/02");
    assertThat(outcome.summaryLines()).anyMatch(l -> l.startsWith("T5: PASS (score: 0.700"));
  }
}
