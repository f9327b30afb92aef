package dev.scylla.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scylla.core.agent.ScriptedAgent;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureLoader;
import dev.scylla.core.fixture.FixtureLoaderTest;
import dev.scylla.core.internal.Git;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.internal.workspace.McpServers;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.model.TierResult;
import dev.scylla.core.testing.TestFixtures;
import dev.scylla.core.testing.UsesGit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Experiments on ProjectScylla's fixtures with the scripted agent: MCP servers and verdicts. */
@UsesGit
class ProjectScyllaFixtureRunTest {
  static final Path TEST_001 = FixtureLoaderTest.REFERENCE.resolve("fixtures/tests/test-001");

  @TempDir Path tmp;

  private static ExperimentConfig config(
      Fixture f, String id, String repo, List<TierId> tiers, int runs) {
    return new ExperimentConfig(
        id,
        repo,
        null,
        f.promptFile().toString(),
        f.test().language(),
        List.of(TestFixtures.AGENT_MODEL),
        runs,
        tiers,
        List.of(TestFixtures.JUDGE_MODEL),
        2,
        60,
        null,
        null,
        null,
        f.testDir().toString(),
        null);
  }

  private static JsonNode json(Path file) throws Exception {
    return ScyllaJson.mapper().readTree(file.toFile());
  }

  @Test
  void test001_wholeT2Tier_runsToCompletionWithUnstartableServersSkippedAndRecorded()
      throws Exception {
    // test-001's source.repo is on GitHub, out of reach here: a local repository stands in.
    Path repo = Files.createDirectories(tmp.resolve("hello-world-repo"));
    Git.run(repo, "init", "-q");
    Files.writeString(repo.resolve("README"), "Hello World\n");
    Git.run(repo, "add", "-A");
    Git.run(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "init");
    Path script = tmp.resolve("script.yaml");
    Files.writeString(
        script,
        "agent:\n  default: {files: {hello.py: \"print('Hello, World!')\\n\"}, cost_usd: 0.01}\n"
            + "judge:\n  default: {score: 0.9, passed: true, cost_usd: 0.001}\n");
    Fixture fixture = FixtureLoader.load(TEST_001);
    ScriptedAgent agent = ScriptedAgent.load(script);

    ExperimentOutcome outcome =
        ExperimentRunner.builder()
            .fixture(fixture)
            .config(config(fixture, "t2", repo.toString(), List.of(TierId.T2), 1))
            .resultsRoot(tmp.resolve("results"))
            .python(TestFixtures.PYTHON)
            .agent(agent)
            .judge(agent)
            .build()
            .run();

    assertThat(outcome.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(outcome.erroredRuns()).isZero();
    TierResult t2 = outcome.result().tierResults().get(TierId.T2);
    assertThat(t2.subtestResults()).hasSize(15);
    assertThat(t2.subtestResults().values())
        .allSatisfy(s -> assertThat(s.passRate()).isEqualTo(1.0));

    Path exp = outcome.experimentDir();
    JsonNode custom = json(exp.resolve("T2/15/run_01/config_manifest.json")).get("mcp_servers");
    assertThat(custom).hasSize(1);
    assertThat(custom.at("/0/name").asText()).isEqualTo("custom");
    assertThat(custom.at("/0/status").asText()).isEqualTo("skipped");
    assertThat(custom.at("/0/reason").asText()).contains("local server");
    String uvx = McpServers.onPath("uvx") ? "started" : "skipped";
    for (String id : List.of("06", "08", "10")) {
      JsonNode servers = json(exp.resolve("T2/" + id + "/run_01/config_manifest.json"));
      assertThat(servers.at("/mcp_servers/0/status").asText()).as(id).isEqualTo(uvx);
    }
    JsonNode all = json(exp.resolve("T2/14/run_01/config_manifest.json")).get("mcp_servers");
    assertThat(all).hasSize(9);
    assertThat(all)
        .allSatisfy(s -> assertThat(s.get("status").asText()).isIn("started", "skipped"));
    // A skipped server is still named in the prompt's hint.
    assertThat(Files.readString(exp.resolve("T2/15/run_01/task_prompt.md")))
        .startsWith(fixture.prompt())
        .contains("Use this MCP server for the task:\n- custom")
        .contains("## Cleanup");
    assertThat(Files.readString(exp.resolve("T2/15/run_01/judge/prompt.md")))
        .contains("Use this MCP server for the task:\n- custom");
    // The checks before the agent: once per experiment, in every judge's prompt.
    assertThat(json(exp.resolve("pipeline_baseline.json")).path("language").asText())
        .isEqualTo("python");
    for (int i = 1; i <= 15; i++) {
      String prompt =
          Files.readString(exp.resolve(String.format("T2/%02d/run_01/judge/prompt.md", i)));
      assertThat(prompt)
          .as("T2/%02d", i)
          .contains("## Automatic checks before the agent\n\nThe same checks")
          .contains("- python3 -m compileall: N/A\n```\nthe task commit has no Python file")
          .contains("## Automatic checks after the agent");
    }
  }

  @Test
  void judgePassingBelowThreshold_countsAsPassedAndCostOfPassFollows() throws Exception {
    Path script = tmp.resolve("verdicts.yaml");
    Files.writeString(
        script,
        "agent:\n"
            + "  default: {files: {hello.py: \"print('Hello, World!')\\n\"}, cost_usd: 0.03}\n"
            + "judge:\n"
            + "  default: {score: 0.55, passed: true, cost_usd: 0.002}\n"
            + "  runs:\n"
            + "    - {tier: T0, subtest: \"01\", score: 0.3, passed: false}\n");
    Fixture fixture = TestFixtures.load(TestFixtures.EXAMPLE);
    ScriptedAgent agent = ScriptedAgent.load(script);

    ExperimentOutcome outcome =
        ExperimentRunner.builder()
            .fixture(fixture)
            .config(TestFixtures.config(fixture, "verdicts", 2, 2, null, null))
            .resultsRoot(tmp.resolve("results"))
            .python(TestFixtures.PYTHON)
            .agent(agent)
            .judge(agent)
            .build()
            .run();

    assertThat(fixture.rubric().passThreshold()).isGreaterThan(0.55);
    TierResult t0 = outcome.result().tierResults().get(TierId.T0);
    SubTestResult s00 = t0.subtestResults().get("00");
    // Below the threshold, passed by the judge: passed, as ProjectScylla counts it.
    assertThat(s00.passRate()).isEqualTo(1.0);
    assertThat(s00.runs()).allSatisfy(r -> assertThat(r.judgePassed()).isTrue());
    assertThat(t0.subtestResults().get("01").passRate()).isEqualTo(0.0);
    assertThat(t0.bestSubtest()).isEqualTo("00");
    // Cost-of-Pass = mean cost / pass rate = 0.03 / 1.0.
    assertThat(t0.costOfPass()).isCloseTo(0.03, offset(1e-12));
    assertThat(outcome.result().frontierCop()).isCloseTo(0.03, offset(1e-12));

    Path exp = outcome.experimentDir();
    JsonNode judgment = json(exp.resolve("T0/00/run_01/judge/judge_01/judgment.json"));
    assertThat(judgment.get("passed").asBoolean()).isTrue();
    assertThat(judgment.get("contradicts_score").asBoolean()).isTrue();
    assertThat(judgment.get("passed_from_score").asBoolean()).isFalse();
    JsonNode consistent = json(exp.resolve("T0/01/run_01/judge/judge_01/judgment.json"));
    assertThat(consistent.get("contradicts_score").asBoolean()).isFalse();
    assertThat(json(exp.resolve("report.json")).get("verdicts_contradicting_score").asInt())
        .isEqualTo(2);
    assertThat(Files.readString(exp.resolve("report.md")))
        .contains("passed contradicts their score and the threshold: 2");
  }
}
