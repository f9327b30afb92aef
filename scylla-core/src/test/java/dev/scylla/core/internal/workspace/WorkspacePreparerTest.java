package dev.scylla.core.internal.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.hash.Hashing;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureLoader;
import dev.scylla.core.fixture.FixtureLoaderTest;
import dev.scylla.core.fixture.SubTestSpec;
import dev.scylla.core.internal.Git;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.model.TierId;
import dev.scylla.core.testing.UsesGit;
import dev.scylla.core.workspace.McpServerStatus;
import dev.scylla.core.workspace.TaskRepository;
import dev.scylla.core.workspace.WorkspaceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sub-test preparation on the ProjectScylla reference fixture test-001. */
class WorkspacePreparerTest {
  static final Path TEST_001 = FixtureLoaderTest.REFERENCE.resolve("fixtures/tests/test-001");

  static Fixture fixture;
  @TempDir Path tmp;

  @BeforeAll
  static void load() {
    fixture = FixtureLoader.load(TEST_001);
  }

  private SubTestSpec spec(TierId tier, String id) {
    return fixture.subTest(tier, id).orElseThrow();
  }

  /** A task repository that already has a CLAUDE.md and a .claude/ folder. */
  private TaskRepository repo() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Git.run(src, "init", "-q");
    Files.writeString(src.resolve("README.md"), "task\n");
    Files.writeString(src.resolve("CLAUDE.md"), "repository instructions\n");
    Files.createDirectories(src.resolve(".claude"));
    Files.writeString(src.resolve(".claude/settings.json"), "{}\n");
    Git.run(src, "add", "-A");
    Git.run(src, "commit", "-q", "-m", "init");
    return TaskRepository.open(src.toString(), null, tmp, tmp.resolve("clone"));
  }

  private PreparedWorkspace prepare(TaskRepository repo, SubTestSpec spec, SubTestResources base)
      throws Exception {
    Path run = tmp.resolve(spec.tier() + "-" + spec.id());
    Path ws = repo.addWorktree(run.resolve("workspace"));
    return WorkspacePreparer.prepare(ws, spec, base, run);
  }

  @Test
  @UsesGit
  void prepare_withNothingToChange_keepsTheTaskCommitWithoutAConfigurationCommit()
      throws Exception {
    Path src = Files.createDirectories(tmp.resolve("plain"));
    Git.run(src, "init", "-q");
    Files.writeString(src.resolve("README.md"), "task\n");
    Git.run(src, "add", "-A");
    Git.run(src, "commit", "-q", "-m", "init");
    TaskRepository repo = TaskRepository.open(src.toString(), null, tmp, tmp.resolve("c2"));

    PreparedWorkspace p = prepare(repo, spec(TierId.T0, "00"), null);

    assertThat(p.preparedCommit()).isEqualTo(repo.commit());
    assertThat(Git.run(p.directory(), "log", "--format=%s")).isEqualTo("init\n");
    JsonNode manifest =
        ScyllaJson.mapper().readTree(tmp.resolve("T0-00/config_manifest.json").toFile());
    assertThat(manifest.get("prepared_commit").asText()).isEqualTo(repo.commit());
  }

  @Test
  @UsesGit
  void prepare_strippingAnExistingClaudeMd_commitsTheRemoval() throws Exception {
    TaskRepository repo = repo();

    PreparedWorkspace p = prepare(repo, spec(TierId.T0, "00"), null);

    assertThat(p.preparedCommit()).isNotEqualTo(repo.commit());
    assertThat(p.preparedCommit()).isEqualTo(Git.run(p.directory(), "rev-parse", "HEAD").strip());
    assertThat(Git.run(p.directory(), "status", "--short")).isBlank();
    assertThat(p.directory().resolve("CLAUDE.md")).doesNotExist();
  }

  @Test
  @UsesGit
  void prepare_t0Full_composesAllBlocksHashesAndCommits() throws Exception {
    PreparedWorkspace p = prepare(repo(), spec(TierId.T0, "03"), null);

    String claudeMd = Files.readString(p.directory().resolve("CLAUDE.md"));
    String b01 = Files.readString(spec(TierId.T0, "03").claudeMdBlocks().get(0).file());
    String b02 = Files.readString(spec(TierId.T0, "03").claudeMdBlocks().get(1).file());
    // As ProjectScylla writes it: the blocks as they are, one blank line between, nothing added.
    assertThat(claudeMd).startsWith(b01 + "\n\n" + b02 + "\n\n");
    String last = Files.readString(spec(TierId.T0, "03").claudeMdBlocks().get(17).file());
    assertThat(claudeMd).endsWith("\n\n" + last);
    assertThat(p.claudeMdSha256())
        .isEqualTo(
            Hashing.sha256()
                .hashBytes(Files.readAllBytes(p.directory().resolve("CLAUDE.md")))
                .toString());
    assertThat(Git.run(p.directory(), "status", "--short")).isBlank();
    JsonNode manifest =
        ScyllaJson.mapper().readTree(tmp.resolve("T0-03/config_manifest.json").toFile());
    assertThat(manifest.get("claude_md_hash").asText()).isEqualTo(p.claudeMdSha256());
    assertThat(manifest.at("/resources/claude_md_blocks")).hasSize(18);
    assertThat(p.tools()).isNull();
    assertThat(p.mcpConfig()).isNull();
  }

  @Test
  @UsesGit
  void prepare_t0EmptyAndVanilla_removeClaudeMdAndDotClaude() throws Exception {
    TaskRepository repo = repo();
    for (String id : new String[] {"00", "01"}) {
      PreparedWorkspace p = prepare(repo, spec(TierId.T0, id), null);
      assertThat(p.directory().resolve("CLAUDE.md")).doesNotExist();
      assertThat(p.directory().resolve(".claude")).doesNotExist();
      assertThat(p.directory().resolve("README.md")).exists();
      assertThat(p.claudeMdSha256()).isNull();
    }
  }

  @Test
  @UsesGit
  void prepare_skillsAgentsToolsAndMcp() throws Exception {
    TaskRepository repo = repo();
    PreparedWorkspace skills = prepare(repo, spec(TierId.T1, "01"), null);
    try (Stream<Path> s = Files.list(skills.directory().resolve(".claude/skills"))) {
      assertThat(s.map(x -> x.getFileName().toString()))
          .hasSize(5)
          .allMatch(n -> n.startsWith("agent-"));
    }
    PreparedWorkspace agents = prepare(repo, spec(TierId.T3, "01"), null);
    assertThat(agents.directory().resolve(".claude/agents")).isDirectoryContaining("glob:**/*.md");

    PreparedWorkspace tools = prepare(repo, spec(TierId.T2, "01"), null);
    assertThat(tools.tools()).containsExactly("Read", "Write", "Edit", "Glob", "Grep");

    PreparedWorkspace mcp = prepare(repo, spec(TierId.T2, "05"), null);
    JsonNode cfg = ScyllaJson.mapper().readTree(mcp.mcpConfig().toFile());
    assertThat(cfg.at("/mcpServers/filesystem/command").asText()).isEqualTo("npx");
    assertThat(cfg.at("/mcpServers/filesystem/args/2").asText())
        .isEqualTo(mcp.directory().toString());
  }

  @Test
  @UsesGit
  void prepare_localMcpServer_isSkippedAndRecordedInTheManifest() throws Exception {
    PreparedWorkspace p = prepare(repo(), spec(TierId.T2, "15"), null);

    assertThat(p.mcpConfig()).isNull();
    assertThat(p.mcpServers()).singleElement().satisfies(s -> assertThat(s.started()).isFalse());
    JsonNode manifest =
        ScyllaJson.mapper().readTree(tmp.resolve("T2-15/config_manifest.json").toFile());
    assertThat(manifest.at("/mcp_servers/0/name").asText()).isEqualTo("custom");
    assertThat(manifest.at("/mcp_servers/0/status").asText()).isEqualTo("skipped");
    assertThat(manifest.at("/mcp_servers/0/reason").asText())
        .contains("local server", ".claude/mcp/custom.json");
  }

  @Test
  @UsesGit
  void prepare_mcpServerWithMissingLauncher_isSkippedTheOthersStarted() throws Exception {
    TaskRepository repo = repo();
    Path run = tmp.resolve("T2-14");
    Path ws = repo.addWorktree(run.resolve("workspace"));
    PreparedWorkspace p =
        WorkspacePreparer.prepare(ws, spec(TierId.T2, "14"), null, run, "npx"::equals);

    assertThat(p.mcpServers())
        .filteredOn(s -> !s.started())
        .extracting(McpServerStatus::name)
        .containsExactlyInAnyOrder("git", "fetch", "time");
    assertThat(p.mcpServers())
        .filteredOn(s -> s.name().equals("git"))
        .singleElement()
        .satisfies(s -> assertThat(s.reason()).isEqualTo("its launcher uvx is not on the PATH"));
    JsonNode cfg = ScyllaJson.mapper().readTree(p.mcpConfig().toFile());
    assertThat(cfg.get("mcpServers").has("filesystem")).isTrue();
    assertThat(cfg.get("mcpServers").has("git")).isFalse();
  }

  @Test
  void resolve_t5_layersItsOwnResourcesOnTheInheritedBest() {
    SubTestResources best =
        WorkspacePreparer.resolve(spec(TierId.T0, "03"), null)
            .from("T0/03")
            .plus(WorkspacePreparer.resolve(spec(TierId.T1, "01"), null).from("T1/01"));
    SubTestSpec t5 = fixture.subTests(TierId.T5).get(0);
    SubTestResources r = WorkspacePreparer.resolve(t5, best);
    assertThat(r.claudeMdBlocks()).hasSizeGreaterThanOrEqualTo(18);
    assertThat(r.skills()).hasSizeGreaterThanOrEqualTo(5);
    assertThat(r.inheritedFrom()).contains("T0/03", "T1/01");
  }

  @Test
  @UsesGit
  void open_badCommitOrMissingRepository_failsWithGitsMessage() throws Exception {
    TaskRepository ok = repo();
    assertThat(ok.commit()).hasSize(40);
    assertThatThrownBy(
            () ->
                TaskRepository.open(
                    tmp.resolve("src").toString(), "deadbeef", tmp, tmp.resolve("c2")))
        .isInstanceOf(WorkspaceException.class)
        .hasMessageContaining("deadbeef");
    assertThatThrownBy(() -> TaskRepository.open("missing", null, tmp, tmp.resolve("c3")))
        .isInstanceOf(WorkspaceException.class)
        .hasMessageContaining(tmp.resolve("missing").toString());
  }

  @Test
  @UsesGit
  void addWorktree_replacesWhatAnInterruptedAttemptLeft() throws Exception {
    TaskRepository repo = repo();
    Path ws = tmp.resolve("run/workspace");
    repo.addWorktree(ws);
    Files.writeString(ws.resolve("leftover.txt"), "half done");
    repo.addWorktree(ws);
    assertThat(ws.resolve("leftover.txt")).doesNotExist();
    assertThat(ws.resolve("README.md")).exists();
  }
}
