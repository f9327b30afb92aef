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

    String prompt = JudgePrompt.build("TASK AS GIVEN\n\nhint", f.criteria(), f.rubric(), CTX);

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

    String prompt = JudgePrompt.build(f.prompt(), f.criteria(), f.rubric(), CTX);

    assertThat(prompt)
        .contains("### functional (weight 0.35, checklist)")
        .contains("- F4 (0.5 points): Output is EXACTLY")
        .contains("[N/A when: ruff not available in workspace]")
        .doesNotContain("### Requirements");
  }
}
