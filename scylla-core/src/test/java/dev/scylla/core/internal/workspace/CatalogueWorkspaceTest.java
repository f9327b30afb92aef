package dev.scylla.core.internal.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureLoader;
import dev.scylla.core.fixture.FixtureLoaderTest;
import dev.scylla.core.fixture.SubTestSpec;
import dev.scylla.core.model.ThinkingMode;
import dev.scylla.core.model.TierId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared-catalogue workspace without python3 (the comparison with main's own code is {@code
 * MainLayoutWorkspacePythonComparisonTest}).
 */
class CatalogueWorkspaceTest {
  static final Fixture MAIN =
      FixtureLoader.load(
          FixtureLoaderTest.REFERENCE.resolve("../main/tests/fixtures/tests/test-001").normalize());

  @TempDir Path ws;

  @Test
  void settingsJson_isLaidOutAsPythonsJsonDumpWithIndentTwo() {
    SubTestSpec teams = MAIN.subTest(TierId.T4, "08").orElseThrow();
    SubTestSpec files = MAIN.subTest(TierId.T2, "01").orElseThrow();
    SubTestSpec git = MAIN.subTest(TierId.T2, "06").orElseThrow();

    assertThat(CatalogueWorkspace.settingsJson(teams, ThinkingMode.NONE))
        .isEqualTo(
            "{\n  \"alwaysThinkingEnabled\": false,\n  \"env\": {\n"
                + "    \"CLAUDE_CODE_EXPERIMENTAL_AGENT_TEAMS\": \"1\"\n  }\n}");
    assertThat(CatalogueWorkspace.settingsJson(files, ThinkingMode.HIGH))
        .isEqualTo(
            "{\n  \"alwaysThinkingEnabled\": true,\n  \"allowedTools\": [\n    \"Read\",\n"
                + "    \"Write\",\n    \"Edit\",\n    \"Glob\",\n    \"Grep\"\n  ]\n}");
    assertThat(CatalogueWorkspace.settingsJson(git, ThinkingMode.NONE))
        .contains("\"mcpServers\": {\n    \"git\": {\n      \"command\": \"npx\",\n")
        .contains("\"@modelcontextprotocol/servers/git\"");
  }

  @Test
  void pythonJson_escapesAsPythonDoes() {
    assertThat(PythonJson.write(Map.of("k", List.of("é\"\\\n\u007f", true))))
        .isEqualTo("{\n  \"k\": [\n    \"\\u00e9\\\"\\\\\\n\\u007f\",\n    true\n  ]\n}");
    assertThat(PythonJson.write(Map.of())).isEqualTo("{}");
  }

  @Test
  void apply_emptyT0_removesTheRepositorysConfigurationAndWritesSettings() throws Exception {
    Files.writeString(ws.resolve("CLAUDE.md"), "own");
    Files.createDirectories(ws.resolve(".claude/agents"));
    Files.writeString(ws.resolve(".claude/agents/own.md"), "own");
    SubTestSpec empty = MAIN.subTest(TierId.T0, "00").orElseThrow();

    CatalogueWorkspace.apply(
        empty, WorkspacePreparer.resolve(empty, null), false, ThinkingMode.NONE, ws);

    assertThat(ws.resolve("CLAUDE.md")).doesNotExist();
    assertThat(ws.resolve(".claude/agents")).doesNotExist();
    assertThat(ws.resolve(".claude/settings.json"))
        .hasContent("{\n  \"alwaysThinkingEnabled\": false\n}");
  }

  @Test
  void apply_subTestWithoutResources_keepsTheRepositorysClaudeMd() throws Exception {
    Files.writeString(ws.resolve("CLAUDE.md"), "own");
    SubTestSpec advise = MAIN.subTest(TierId.T1, "10").orElseThrow();

    CatalogueWorkspace.apply(
        advise, WorkspacePreparer.resolve(advise, null), false, ThinkingMode.NONE, ws);

    assertThat(ws.resolve("CLAUDE.md")).hasContent("own");
  }

  @Test
  void apply_agents_addsThemAndNamesThemInTheSuffix() throws Exception {
    Files.writeString(ws.resolve("CLAUDE.md"), "own");
    SubTestSpec l2 = MAIN.subTest(TierId.T3, "38").orElseThrow();

    CatalogueWorkspace.apply(l2, WorkspacePreparer.resolve(l2, null), false, ThinkingMode.NONE, ws);

    String claudeMd = Files.readString(ws.resolve("CLAUDE.md"));
    assertThat(claudeMd)
        .startsWith(
            "Maximize usage of the following sub-agents to solve this task:\n\n"
                + "- architecture-design\n")
        .contains("\n\n## Test Environment Constraints\n\n")
        .endsWith("the workspace should contain only final deliverables\n");
    assertThat(ws.resolve(".claude/agents/security-design.md")).exists();
  }
}
