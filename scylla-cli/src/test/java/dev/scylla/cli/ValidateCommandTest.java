package dev.scylla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.api.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code scylla validate} on ProjectScylla's test-001 and on this project's own fixtures. */
class ValidateCommandTest {
  static final Path REFERENCE =
      Paths.get(
              System.getProperty(
                  "scylla.reference.fixtures", "../../shared/fixtures/scylla-ref/tests"))
          .toAbsolutePath()
          .normalize();
  static final Path TEST_001 = REFERENCE.resolve("fixtures/tests/test-001");

  /** ProjectScylla main's test-001, whose sub-tests are in the shared catalogue. */
  static final Path MAIN_TEST_001 =
      REFERENCE.resolve("../main/tests/fixtures/tests/test-001").normalize();

  /** scylla-core's own test fixtures (Surefire runs in the module folder). */
  static final Path OWN =
      Paths.get("../scylla-core/src/test/resources/fixtures/tests/fixtures/tests")
          .toAbsolutePath()
          .normalize();

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  @TempDir Path tmp;

  private int run(String... args) {
    CommandLine cli = ScyllaCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void test001_exitsZeroWithItsCountsAndWarnsOfTheServersItWillSkip() {
    int code = run("validate", "--tiers-dir", TEST_001.toString());

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .containsPattern("T0 .* 24 sub-tests")
        .containsPattern("T1 .* 10 sub-tests")
        .containsPattern("T2 .* 15 sub-tests")
        .containsPattern("T3 .* 41 sub-tests")
        .containsPattern("T4 .*  7 sub-tests")
        .containsPattern("T5 .* 15 sub-tests")
        .containsPattern("T6 .*  1 sub-tests")
        .contains("Total: 113 sub-tests, no problems");
    assertThat(err.toString())
        .contains("warning: ")
        .contains("15-custom-mcp/config.yaml: MCP server 'custom' will be skipped")
        .contains("06-git-mcp/config.yaml: MCP server 'git' will be skipped")
        .contains("its launcher uvx is not in the runner image")
        .doesNotContain("'filesystem' will be skipped");
  }

  @Test
  void mainLayoutTest001_countsTheCatalogueAndWarnsForMissingSkills() {
    int code = run("validate", "--tiers-dir", MAIN_TEST_001.toString());

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("Layout: sub-tests from the shared catalogue")
        .containsPattern("T0 .* 24 sub-tests")
        .containsPattern("T1 .* 10 sub-tests")
        .containsPattern("T2 .* 15 sub-tests")
        .containsPattern("T3 .* 41 sub-tests")
        .containsPattern("T4 .* 14 sub-tests")
        .containsPattern("T5 .* 15 sub-tests")
        .containsPattern("T6 .*  1 sub-tests")
        .contains("Total: 120 sub-tests, no problems, 40 warnings");
    assertThat(err.toString())
        .contains("01-agent.yaml: skill category 'agent' not found")
        .contains("06-git-mcp.yaml: MCP server 'git' will be skipped");
  }

  @Test
  void mainLayout_missingTiersYaml_isOneLineNamingIt_exit2() throws Exception {
    Path shared = tmp.resolve("tests/claude-code/shared");
    Files.createDirectories(shared.resolve("subtests/t0"));
    Files.writeString(shared.resolve("subtests/t0/00-empty.yaml"), "name: Empty\n");
    Path test = tmp.resolve("tests/fixtures/tests/test-001");
    Files.createDirectories(test.resolve("expected"));
    for (String file :
        new String[] {
          "test.yaml", "config.yaml", "prompt.md", "expected/criteria.md", "expected/rubric.yaml"
        }) {
      Files.copy(MAIN_TEST_001.resolve(file), test.resolve(file));
    }
    Files.writeString(
        test.resolve("test.yaml"),
        Files.readString(test.resolve("test.yaml")).replaceAll("(?m)^  - T[1-6].*\\n", ""));

    int code = run("validate", "--tiers-dir", test.toString());

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains(shared.resolve("tiers.yaml") + ": tiers.yaml of the shared catalogue is missing")
        .contains("1 problem in");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void show_mainLayoutSubTest_printsItsSettingsAndTheEmptySystemPrompt() {
    int code = run("validate", "--tiers-dir", MAIN_TEST_001.toString(), "--show", "T0/00");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("Configuration: ")
        .contains("00-empty.yaml")
        .contains("System prompt mode: none; agent teams: off")
        .contains("CLAUDE.md: none")
        .contains(
            "Settings (.claude/settings.json):\n  {\n    \"alwaysThinkingEnabled\": false\n  }")
        .contains("--model claude-sonnet-4-6")
        .contains("--system-prompt ''");
  }

  @Test
  void requirementsLayoutAndOddShapes_exitZeroWithEverySubTestCounted() {
    int code = run("validate", "--tiers-dir", OWN.resolve("req-001").toString());

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .containsPattern("T0 .*  3 sub-tests")
        .containsPattern("T1 .*  2 sub-tests")
        .containsPattern("T2 .*  3 sub-tests")
        .containsPattern("T3 .*  1 sub-tests")
        .contains("Total: 9 sub-tests, no problems, 4 warnings");
    assertThat(err.toString())
        .contains("plain list")
        .contains("'agent' is ignored")
        .contains("MCP server 'custom' will be skipped")
        .contains("MCP server 'git' will be skipped");
  }

  @Test
  void requirementsWithoutGrading_exitsZero() {
    int code = run("validate", "--tiers-dir", OWN.resolve("req-002").toString());

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .containsPattern("T0 .*  2 sub-tests")
        .contains("Total: 2 sub-tests, no problems");
  }

  @Test
  void show_printsComposedClaudeMdPromptAndCommandLine() {
    int code = run("validate", "--tiers-dir", TEST_001.toString(), "--show", "T0/03");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    String text = out.toString();
    assertThat(text).contains("== T0/03: Full CLAUDE.md ==");
    assertThat(text)
        .containsPattern("CLAUDE.md: <workspace>/CLAUDE.md, 55455 bytes, SHA-256 [0-9a-f]{64}");
    assertThat(text).contains(".claude/: none");
    assertThat(text).contains("Solve the task with the tools you have and your own judgement.");
    assertThat(text).contains("## Cleanup");
    assertThat(text).containsPattern("claude --print .*--model claude-sonnet-4-6");
  }

  @Test
  void show_t2WithMcp_listsStartedAndSkippedServersAndTheMcpConfig() {
    int code = run("validate", "--tiers-dir", TEST_001.toString(), "--show", "T2/14");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("  filesystem: started: npx -y @modelcontextprotocol/server-filesystem")
        .contains("  git: skipped: its launcher uvx is not in the runner image")
        .contains("Make full use of these MCP servers for the task:\n- fetch\n- filesystem\n- git")
        .contains("--mcp-config");
  }

  @Test
  void writeWorkspace_writesTheWorkspacePromptAndSkillFiles() throws Exception {
    Path target = tmp.resolve("t1-04");
    int code =
        run(
            "validate",
            "--tiers-dir",
            TEST_001.toString(),
            "--show",
            "T1/04",
            "--write-workspace",
            target.toString());

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(target.resolve("task_prompt.md")).exists();
    assertThat(Files.readString(target.resolve("task_prompt.md")))
        .startsWith(Files.readString(TEST_001.resolve("prompt.md")))
        .contains("Make full use of these skills for the task:\n- ");
    assertThat(target.resolve("workspace/.claude/skills")).isDirectory();
    assertThat(out.toString()).contains("Written to " + target);
  }

  @Test
  void show_unknownSubTest_isAUsageErrorListingTheIds() {
    int code = run("validate", "--tiers-dir", TEST_001.toString(), "--show", "T6/07");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--show T6/07: no such sub-test; T6 has [01]");
  }
}
