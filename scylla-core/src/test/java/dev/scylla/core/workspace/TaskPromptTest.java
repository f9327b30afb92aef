package dev.scylla.core.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureLoader;
import dev.scylla.core.fixture.FixtureLoaderTest;
import dev.scylla.core.model.TierId;
import org.junit.jupiter.api.Test;

/** The prompt: task unchanged, resource hint, cleanup requirement. */
class TaskPromptTest {
  static final Fixture TEST_001 =
      FixtureLoader.load(FixtureLoaderTest.REFERENCE.resolve("fixtures/tests/test-001"));

  private static String prompt(TierId tier, String id) {
    return TaskPrompt.of("TASK\n", TEST_001.subTest(tier, id).orElseThrow());
  }

  @Test
  void withoutResources_givesTheGenericHintThenCleanup() {
    assertThat(prompt(TierId.T0, "03"))
        .isEqualTo("TASK\n\n\n" + TaskPrompt.GENERIC_HINT + "\n\n" + TaskPrompt.CLEANUP);
  }

  @Test
  void agentsOfALevel_areNamedSortedOneALine() {
    assertThat(prompt(TierId.T3, "38"))
        .startsWith(
            "TASK\n\n\nMake full use of these sub-agents for the task:\n"
                + "- architecture-design\n- code-review-orchestrator\n- integration-design\n"
                + "- security-design\n\n## Cleanup\n");
  }

  @Test
  void oneMcpServer_isNamedInTheSingular() {
    assertThat(prompt(TierId.T2, "15"))
        .contains("\n\nUse this MCP server for the task:\n- custom\n\n## Cleanup\n");
  }

  @Test
  void toolList_isNamed_andAllToolsHasItsOwnSentence() {
    assertThat(prompt(TierId.T2, "01"))
        .contains(
            "Make full use of these tools for the task:\n- Edit\n- Glob\n- Grep\n- Read\n- Write");
    assertThat(prompt(TierId.T2, "04"))
        .contains("Make full use of every tool available to you for the task.");
  }

  @Test
  void everything_listsAgentsSkillsServersThenTools() {
    String p = prompt(TierId.T6, "01");
    int agents = p.indexOf("sub-agents");
    int skills = p.indexOf("these skills");
    int mcp = p.indexOf("MCP servers");
    int tools = p.indexOf("every tool available");
    assertThat(agents).isPositive().isLessThan(skills);
    assertThat(skills).isLessThan(mcp);
    assertThat(mcp).isLessThan(tools);
    assertThat(tools).isLessThan(p.indexOf("## Cleanup"));
  }
}
