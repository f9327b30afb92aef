package dev.scylla.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentAdapters;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.model.JudgeResult;
import dev.scylla.core.model.Provenance;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.results.ResultFiles;
import dev.scylla.core.results.ResultsLayout;
import dev.scylla.core.testing.TestFixtures;
import dev.scylla.core.testing.UsesGit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scylla rejudge}: the kept workspaces judged again, the old verdicts kept beside. */
@UsesGit
class RejudgeTest {
  @TempDir Path tmp;

  @Test
  void rejudge_judgesKeptWorkspacesAgainAndKeepsThePreviousVerdicts() throws Exception {
    ExperimentOutcome outcome = TestFixtures.helloWorld(2, tmp.resolve("results")).build().run();
    // A stricter judge: every run of the example now scores 0.5 and fails.
    Path strict = tmp.resolve("strict-judge.yaml");
    Files.writeString(
        strict,
        Files.readString(TestFixtures.EXAMPLE.resolve("scripted-agent.yaml"))
            .replace("score: 0.92\n    passed: true", "score: 0.5\n    passed: false")
            .replace("score: 0.78", "score: 0.5\n      passed: false"));
    AgentAdapter strictJudge = AgentAdapters.fromSpec("scripted:" + strict, tmp);
    // The saved checks before the agent are what the judges see again; they never run again.
    Path baseline = outcome.experimentDir().resolve("pipeline_baseline.json");
    ObjectNode edited = (ObjectNode) ScyllaJson.mapper().readTree(baseline.toFile());
    edited.put("test_passed", false).put("all_passed", false);
    edited
        .putArray("checks")
        .addObject()
        .put("name", "pytest")
        .put("status", "FAIL (exit 1)")
        .put("output", "SAVED-BEFORE-THE-AGENT");
    ResultFiles.writeJson(baseline, edited);
    String saved = Files.readString(baseline);

    Rejudge.Outcome done =
        Rejudge.builder()
            .experimentDir(outcome.experimentDir())
            .judge(strictJudge)
            .tiers(Set.of(TierId.T0))
            .subtests(Set.of("00"))
            .python(TestFixtures.PYTHON)
            .build()
            .run();

    assertThat(done.rejudged()).isEqualTo(2);
    assertThat(done.skipped()).isZero();
    ResultsLayout.Run run1 = ResultsLayout.of(outcome.experimentDir()).run(TierId.T0, "00", 1);
    RunResult now = ResultFiles.readJson(run1.result(), RunResult.class);
    assertThat(Files.readString(baseline)).isEqualTo(saved);
    assertThat(Files.readString(run1.judgePrompt()))
        .contains("- pytest: FAIL (exit 1)\n```\nSAVED-BEFORE-THE-AGENT\n```");
    assertThat(outcome.experimentDir().resolve("pipeline_baseline/workspace")).doesNotExist();
    assertThat(now.baselinePipelineSummary().testPassed()).isFalse();
    assertThat(now.judgeScore()).isEqualTo(0.5);
    assertThat(now.judgePassed()).isFalse();
    JudgeResult newVerdict = ResultFiles.readJson(run1.judgment(1), JudgeResult.class);
    assertThat(newVerdict.score()).isEqualTo(0.5);
    // The previous verdict and run result, as they were, beside the new ones.
    Path history = run1.judgeHistory(done.history());
    RunResult before = ResultFiles.readJson(history.resolve("run_result.json"), RunResult.class);
    assertThat(before.judgeScore()).isEqualTo(0.92);
    assertThat(before.judgePassed()).isTrue();
    JudgeResult oldVerdict =
        ResultFiles.readJson(history.resolve("judge/judge_01/judgment.json"), JudgeResult.class);
    assertThat(oldVerdict.score()).isEqualTo(0.92);
    // 01 was not selected: its verdicts stay; the aggregates follow the new verdicts.
    RunResult untouched =
        ResultFiles.readJson(
            ResultsLayout.of(outcome.experimentDir()).run(TierId.T0, "01", 1).result(),
            RunResult.class);
    assertThat(untouched.judgeScore()).isEqualTo(0.78);
    assertThat(done.report().result().tierResults().get(TierId.T0).bestSubtest()).isEqualTo("01");
    assertThat(done.report().summaryLines()).contains("Best Sub-test: 01");
  }

  @Test
  void rejudge_withAnotherJudgeAndSystemPrompt_recordsThemInTheProvenance() throws Exception {
    ExperimentOutcome outcome = TestFixtures.helloWorld(1, tmp.resolve("results")).build().run();
    AgentAdapter scripted =
        AgentAdapters.fromSpec("scripted:scripted-agent.yaml", TestFixtures.EXAMPLE);
    Provenance first = outcome.result().provenance();
    assertThat(first.judgeModels()).containsExactly(TestFixtures.JUDGE_MODEL);
    Path promptFile = tmp.resolve("stricter-system-prompt.md");
    Files.writeString(promptFile, "You are a strict grader.\n");
    JudgeSystemPrompt prompt = JudgeSystemPrompt.fromFile(promptFile);

    // Only 00 judged again, by another model: both models' verdicts are in the result now.
    Rejudge.Outcome partly =
        Rejudge.builder()
            .experimentDir(outcome.experimentDir())
            .judge(scripted)
            .judgeModels(List.of("claude-judge-b"))
            .judgeSystemPrompt(prompt)
            .subtests(Set.of("00"))
            .python(TestFixtures.PYTHON)
            .build()
            .run();

    Provenance after = partly.report().result().provenance();
    assertThat(after.judgeModels())
        .containsExactlyInAnyOrder(TestFixtures.JUDGE_MODEL, "claude-judge-b");
    assertThat(after.judgeSystemPrompt()).isEqualTo(prompt.source());
    assertThat(after.judgeSystemPromptSha256()).isEqualTo(prompt.sha256());
    assertThat(after.agentModels()).isEqualTo(first.agentModels());
    ExperimentResult onDisk =
        ResultFiles.readJson(
            ResultsLayout.of(outcome.experimentDir()).result(), ExperimentResult.class);
    assertThat(onDisk.provenance()).isEqualTo(after);

    // Everything judged again by it: only its verdicts remain.
    Rejudge.Outcome all =
        Rejudge.builder()
            .experimentDir(outcome.experimentDir())
            .judge(scripted)
            .judgeModels(List.of("claude-judge-b"))
            .python(TestFixtures.PYTHON)
            .build()
            .run();

    assertThat(all.report().result().provenance().judgeModels()).containsExactly("claude-judge-b");
  }
}
