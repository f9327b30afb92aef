package dev.scylla.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scylla.core.agent.ScriptedAgent;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.internal.FileTrees;
import dev.scylla.core.internal.Git;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.testing.TestFixtures;
import dev.scylla.core.testing.UsesGit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks before the agent on a task repository whose tests already fail: recorded once per
 * experiment on the clean commit, shown to every judge beside the checks after the agent, carried
 * by every run result, and never run again on resume.
 */
@UsesGit
class PipelineBaselineTest {
  @TempDir Path tmp;

  private Path repo;
  private Path bin;
  private Path pytestCalls;
  private Fixture fixture;
  private ScriptedAgent agent;

  @BeforeEach
  void taskWhoseTestFailsBeforeTheAgent() throws Exception {
    repo = Files.createDirectories(tmp.resolve("task-repo"));
    Files.writeString(repo.resolve("app.py"), "def answer():\n    return 41\n");
    Files.writeString(
        repo.resolve("test_app.py"),
        "from app import answer\n\n\ndef test_answer():\n    assert answer() == 42\n");
    Git.run(repo, "init", "-q");
    Git.run(repo, "add", "-A");
    Git.run(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "init");

    // A small test runner under pytest's name: runs every test_* function of the test_*.py files
    // in its working directory, and notes where it ran.
    bin = Files.createDirectories(tmp.resolve("bin"));
    pytestCalls = tmp.resolve("pytest-calls.log");
    String shebang =
        TestFixtures.PYTHON.startsWith("/")
            ? "#!" + TestFixtures.PYTHON
            : "#!/usr/bin/env " + TestFixtures.PYTHON;
    Path pytest = bin.resolve("pytest");
    Files.writeString(
        pytest,
        shebang
            + "\nimport glob, importlib, os, sys\n"
            + "sys.path.insert(0, os.getcwd())\n"
            + "with open('"
            + pytestCalls
            + "', 'a') as log:\n"
            + "    log.write(os.getcwd() + '\\n')\n"
            + "failed = passed = 0\n"
            + "for path in sorted(glob.glob('test_*.py')):\n"
            + "    module = importlib.import_module(path[:-3])\n"
            + "    for name in sorted(n for n in dir(module) if n.startswith('test_')):\n"
            + "        try:\n"
            + "            getattr(module, name)()\n"
            + "            passed += 1\n"
            + "            print(path + '::' + name + ' PASSED')\n"
            + "        except AssertionError:\n"
            + "            failed += 1\n"
            + "            print('FAILED ' + path + '::' + name)\n"
            + "if failed + passed == 0:\n"
            + "    sys.exit(5)\n"
            + "print(str(failed) + ' failed, ' + str(passed) + ' passed')\n"
            + "sys.exit(1 if failed else 0)\n");
    Files.setPosixFilePermissions(pytest, PosixFilePermissions.fromString("rwxr-xr-x"));

    fixture = TestFixtures.load(TestFixtures.copyExample(tmp, 0));
    Path script = tmp.resolve("script.yaml");
    // 00 leaves the failing test alone; 01 fixes it.
    Files.writeString(
        script,
        "agent:\n"
            + "  default: {files: {notes.md: \"looked around\\n\"}, cost_usd: 0.01}\n"
            + "  runs:\n"
            + "    - {subtest: \"01\", files: {app.py: \"def answer():\\n    return 42\\n\"}}\n"
            + "judge:\n"
            + "  default: {score: 0.9, passed: true, cost_usd: 0.001}\n");
    agent = ScriptedAgent.load(script);
  }

  private ExperimentConfig config() {
    return new ExperimentConfig(
        "preexisting",
        repo.toString(),
        null,
        fixture.promptFile().toString(),
        fixture.test().language(),
        List.of(TestFixtures.AGENT_MODEL),
        1,
        List.of(TierId.T0),
        List.of(TestFixtures.JUDGE_MODEL),
        1,
        60,
        null,
        null,
        null,
        fixture.testDir().toString(),
        null);
  }

  private ExperimentRunner.Builder runner() {
    return ExperimentRunner.builder()
        .fixture(fixture)
        .config(config())
        .resultsRoot(tmp.resolve("results"))
        .python(TestFixtures.PYTHON)
        .checksPath(bin.toString())
        .agent(agent)
        .judge(agent);
  }

  private static JsonNode json(Path file) throws Exception {
    return ScyllaJson.mapper().readTree(file.toFile());
  }

  private List<String> pytestRuns() throws Exception {
    return Files.exists(pytestCalls) ? Files.readAllLines(pytestCalls) : List.of();
  }

  @Test
  void failingTestsBeforeTheAgent_areRecordedOnce_shownToEveryJudge_andNotRunAgainOnResume()
      throws Exception {
    // The first session stops after its first run; the second resumes it.
    AtomicReference<ExperimentRunner> first = new AtomicReference<>();
    ExperimentRunner stopping =
        runner()
            .listener(
                new ExperimentListener() {
                  @Override
                  public void runFinished(TierId tier, String subTestId, RunResult result) {
                    first.get().requestStop();
                  }
                })
            .build();
    first.set(stopping);
    ExperimentOutcome interrupted = stopping.run();

    assertThat(interrupted.status()).isEqualTo(ExperimentStatus.INTERRUPTED);
    Path exp = interrupted.experimentDir();
    Path saved = exp.resolve("pipeline_baseline.json");
    JsonNode baseline = json(saved);
    assertThat(baseline.path("language").asText()).isEqualTo("python");
    assertThat(baseline.path("test_passed").asBoolean()).isFalse();
    assertThat(baseline.path("test_na").asBoolean()).isFalse();
    assertThat(baseline.path("test_output").asText()).contains("FAILED test_app.py::test_answer");
    assertThat(baseline.path("build_passed").asBoolean()).isTrue();
    assertThat(baseline.path("all_passed").asBoolean()).isFalse();
    assertThat(baseline.path("not_run_reason").isNull()).isTrue();
    // Run on the clean checkout, which is gone afterwards; never in a run's workspace.
    List<String> afterFirst = pytestRuns();
    Path checkout = exp.resolve("pipeline_baseline/workspace");
    assertThat(afterFirst).hasSize(2);
    assertThat(afterFirst.get(0)).isEqualTo(checkout.toString());
    assertThat(checkout).doesNotExist();
    assertThat(Git.run(exp.resolve("repo"), "worktree", "list"))
        .doesNotContain("pipeline_baseline");
    String savedBytes = Files.readString(saved);

    ExperimentOutcome resumed = runner().build().run();

    assertThat(resumed.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(resumed.experimentDir()).isEqualTo(exp);
    assertThat(pytestRuns()).hasSize(3).filteredOn(p -> p.equals(checkout.toString())).hasSize(1);
    assertThat(Files.readString(saved)).isEqualTo(savedBytes);

    // 00 left the test failing: the judge reads that it failed before the agent too.
    String untouched = Files.readString(exp.resolve("T0/00/run_01/judge/prompt.md"));
    assertThat(untouched)
        .contains("## Automatic checks before the agent")
        .contains("- pytest: FAIL (exit 1)\n```\nFAILED test_app.py::test_answer")
        .contains("- pytest: FAIL (exit 1) (already failing before the agent)");
    // 01 fixed it.
    String fixed = Files.readString(exp.resolve("T0/01/run_01/judge/prompt.md"));
    assertThat(fixed).contains("- pytest: PASS (failed before the agent: fixed)");
    assertThat(
            json(exp.resolve("T0/01/run_01/judge/pipeline_result.json"))
                .path("test_passed")
                .asBoolean())
        .isTrue();
    for (String run : List.of("T0/00/run_01", "T0/01/run_01")) {
      JsonNode summary =
          json(exp.resolve(run + "/run_result.json")).path("baseline_pipeline_summary");
      assertThat(summary.path("all_passed").asBoolean()).as(run).isFalse();
      assertThat(summary.path("build_passed").asBoolean()).as(run).isTrue();
      assertThat(summary.path("format_passed").asBoolean()).as(run).isTrue();
      assertThat(summary.path("test_passed").asBoolean()).as(run).isFalse();
    }
    // The report's drill-down shows the check before and after side by side.
    String html = Files.readString(exp.resolve("report.html"));
    assertThat(html).contains("<th>Before the agent</th><th>After the agent</th>");
  }

  @Test
  void aBaselineThatCannotBeRun_isNa_neverAnError() throws Exception {
    // The checks' folder cannot hold a checkout: a file stands where it would go.
    ExperimentOutcome outcome = runner().build().run();
    Path exp = outcome.experimentDir();
    Files.delete(exp.resolve("pipeline_baseline.json"));
    FileTrees.delete(exp.resolve("pipeline_baseline"));
    Files.writeString(exp.resolve("pipeline_baseline"), "not a folder");

    // A later session of the same experiment (every run done) records the checks as N/A.
    ExperimentOutcome again = runner().build().run();

    assertThat(again.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(again.erroredRuns()).isZero();
    JsonNode baseline = json(exp.resolve("pipeline_baseline.json"));
    assertThat(baseline.path("not_run_reason").asText())
        .startsWith("the clean checkout of the task commit failed");
    assertThat(baseline.path("test_na").asBoolean()).isTrue();
    assertThat(baseline.path("all_passed").asBoolean()).isTrue();
  }
}
