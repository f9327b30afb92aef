package dev.scylla.core.internal.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureLoader;
import dev.scylla.core.fixture.FixtureLoaderTest;
import dev.scylla.core.fixture.FixtureShapesTest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The judge's user message: the task as given, criteria, every field of every rubric item. */
class JudgePromptTest {
  private static final JudgeContext CTX =
      new JudgeContext(
          "done", "A hello.py", "+print(1)", List.of(), List.of("hello.py"), List.of());

  @Test
  void requirementsRubric_everyFieldOfEveryItemReachesTheJudge() {
    Fixture f =
        FixtureLoader.check(FixtureShapesTest.TESTS.resolve("req-001"), Optional.empty()).fixture();

    String prompt = JudgePrompt.build("TASK AS GIVEN\n\nhint", f.criteria(), f.rubric(), null, CTX);

    assertThat(prompt)
        .contains("## Task given to the agent\n\nTASK AS GIVEN\n\nhint")
        .contains("- R001 (weight 3, binary): hello.py exists and prints exactly 'Hello, World!'")
        .contains(
            "  - criteria:\n    - python hello.py exits 0\n    - output is exactly the greeting")
        .contains("  - references:\n    - https://docs.python.org/3/library/functions.html#print")
        .contains("- R002 (weight 1, scaled): No files besides hello.py are left behind")
        .contains(
            "- R003 (weight 0.5, binary): Code is idiomatic\n  - notes: {\"severity\":\"minor\"}")
        .contains("### Other rubric fields\n- metadata: {\"author\":\"someone\"}")
        .contains("Pass threshold: 0.70. Score each requirement")
        .contains("\"requirements\": {\"<id>\"");
  }

  @Test
  void categoriesRubric_listsWeightsPointsAndNaConditions() {
    Fixture f = FixtureLoader.load(FixtureLoaderTest.REFERENCE.resolve("fixtures/tests/test-001"));

    String prompt = JudgePrompt.build(f.prompt(), f.criteria(), f.rubric(), null, CTX);

    assertThat(prompt)
        .contains("### functional (weight 0.35, checklist)")
        .contains("- F4 (0.5 points): Output is EXACTLY")
        .contains("[N/A when: ruff not available in workspace]")
        .doesNotContain("### Requirements");
  }

  private static final PipelineResult BEFORE =
      PipelineResult.of(
          "python",
          List.of(
              new CheckResult("python3 -m compileall", "PASS", ""),
              new CheckResult("ruff check .", "PASS", ""),
              new CheckResult("pytest", "FAIL (exit 1)", "FAILED test_app.py::test_answer"),
              new CheckResult(
                  "pre-commit", "N/A", "the workspace has no .pre-commit-config.yaml")));

  @Test
  void beforeTheAgent_sitsBesideTheChecksAfterIt_andEachCheckAfterSaysHowItCompares() {
    Fixture f = FixtureLoader.load(FixtureLoaderTest.REFERENCE.resolve("fixtures/tests/test-001"));
    JudgeContext after =
        new JudgeContext(
            "done",
            "M app.py",
            "-x\n+y",
            List.of(),
            List.of("app.py"),
            List.of(
                new CheckResult("python3 -m compileall", "FAIL (exit 1)", "SyntaxError"),
                new CheckResult("ruff check .", "PASS", ""),
                new CheckResult("pytest", "FAIL (exit 1)", "FAILED test_app.py::test_answer"),
                new CheckResult("pre-commit", "N/A", "no config")));

    String prompt = JudgePrompt.build(f.prompt(), f.criteria(), f.rubric(), BEFORE, after);

    int before = prompt.indexOf("## Automatic checks before the agent\n\n");
    int afterAt = prompt.indexOf("## Automatic checks after the agent\n\n");
    assertThat(before).isPositive().isLessThan(afterAt);
    assertThat(prompt.substring(before, afterAt))
        .contains("clean checkout of the task commit before any agent")
        .contains("- pytest: FAIL (exit 1)\n```\nFAILED test_app.py::test_answer\n```")
        .contains("- ruff check .: PASS");
    assertThat(prompt.substring(afterAt))
        .contains("- pytest: FAIL (exit 1) (already failing before the agent)\n")
        .contains("- python3 -m compileall: FAIL (exit 1) (passed before the agent: a regression)")
        .contains("- ruff check .: PASS\n")
        .contains("- pre-commit: N/A\n");
  }

  @Test
  void aCheckThatFailedBeforeAndPassesAfter_isMarkedFixed() {
    CheckResult pytest = new CheckResult("pytest", "PASS", "1 passed");

    assertThat(JudgePrompt.compared(pytest, BEFORE)).isEqualTo(" (failed before the agent: fixed)");
    assertThat(JudgePrompt.compared(new CheckResult("python3 app.py", "FAIL (exit 1)", ""), BEFORE))
        .as("a check the baseline does not have")
        .isEmpty();
  }

  @Test
  void baselineNotRunOrNotRecorded_saysSoAndLeavesTheChecksAfterToStandAlone() {
    Fixture f = FixtureLoader.load(FixtureLoaderTest.REFERENCE.resolve("fixtures/tests/test-001"));
    PipelineResult notRun = PipelineResult.notRun("python", "git worktree add failed");

    String withReason = JudgePrompt.build(f.prompt(), f.criteria(), f.rubric(), notRun, CTX);
    String none = JudgePrompt.build(f.prompt(), f.criteria(), f.rubric(), null, CTX);

    assertThat(withReason)
        .contains(
            "## Automatic checks before the agent\n\nCould not be run (git worktree add failed):"
                + " judge the checks after the agent on their own.");
    assertThat(none)
        .contains("## Automatic checks before the agent\n\nNot recorded for this experiment")
        .contains("## Automatic checks after the agent");
  }
}
