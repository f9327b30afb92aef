package dev.scylla.core.engine;

import com.google.common.hash.Hashing;
import dev.scylla.core.fixture.ClaudeMdBlock;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureLayout;
import dev.scylla.core.fixture.FixtureProblem;
import dev.scylla.core.fixture.McpServerSpec;
import dev.scylla.core.fixture.SubTestSpec;
import dev.scylla.core.internal.workspace.McpServers;
import dev.scylla.core.internal.workspace.SubTestResources;
import dev.scylla.core.internal.workspace.WorkspacePreparer;
import dev.scylla.core.model.ThinkingMode;
import dev.scylla.core.results.ResultFiles;
import dev.scylla.core.results.ResultsLayout;
import dev.scylla.core.workspace.McpServerStatus;
import dev.scylla.core.workspace.TaskPrompt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a run of one sub-test gets, prepared without running it and without the task repository
 * ({@code scylla validate --show}): the workspace's CLAUDE.md and {@code .claude/} files, the MCP
 * servers as the runner image would treat them, the tools and the full prompt. A T5/T6 sub-test is
 * prepared without the baseline it would inherit, which exists only once earlier tiers have run.
 *
 * @param runDir the folder laid out as a run's: {@code workspace/}, {@code task_prompt.md}, {@code
 *     mcp-config.json} when a server would be started
 * @param claudeMd the composed CLAUDE.md, or null when the workspace gets none
 * @param claudeMdBlocks the ids of the blocks it is composed of
 * @param claudeDirFiles every file under {@code .claude/}, sorted
 * @param mcpServers each MCP server: started (with its command) or skipped (why)
 * @param mcpConfig the MCP configuration file, or null when no server would be started
 * @param tools the tools the agent is restricted to, or null for all
 * @param prompt the agent's full prompt: task, resource hint, cleanup requirement (a sub-test of
 *     the shared catalogue: the task alone, the hint is in CLAUDE.md)
 * @param settings the workspace's {@code .claude/settings.json} text, or null when it gets none
 * @param systemPrompt the system prompt the agent's CLI is given, or null for the CLI's own
 * @param agent the named agent the CLI runs as, or null
 * @param layout the fixture's layout
 */
public record SubTestPreview(
    Path runDir,
    FileEntry claudeMd,
    List<String> claudeMdBlocks,
    List<FileEntry> claudeDirFiles,
    List<McpServerStatus> mcpServers,
    Path mcpConfig,
    List<String> tools,
    String prompt,
    String settings,
    String systemPrompt,
    String agent,
    FixtureLayout layout) {

  /**
   * One file of the prepared workspace.
   *
   * @param path its path relative to the workspace, e.g. {@code .claude/skills/x/SKILL.md}
   * @param bytes its size
   * @param sha256 the SHA-256 of its bytes, in hex
   * @param executable whether it is executable
   */
  public record FileEntry(String path, long bytes, String sha256, boolean executable) {}

  /** Copies the lists. */
  public SubTestPreview {
    claudeMdBlocks = List.copyOf(claudeMdBlocks);
    claudeDirFiles = List.copyOf(claudeDirFiles);
    mcpServers = List.copyOf(mcpServers);
    tools = tools == null ? null : List.copyOf(tools);
  }

  /** The workspace folder ({@code runDir/workspace}). */
  public Path workspace() {
    return new ResultsLayout.Run(runDir).workspace();
  }

  /**
   * Prepares {@code spec}'s workspace, prompt and MCP configuration in {@code runDir} (created when
   * absent), judging MCP launchers by what the runner image ships.
   *
   * @throws IOException when a file cannot be written
   */
  public static SubTestPreview write(Fixture fixture, SubTestSpec spec, Path runDir)
      throws IOException {
    ResultsLayout.Run files = new ResultsLayout.Run(runDir);
    Path workspace = Files.createDirectories(files.workspace());
    SubTestResources resources = WorkspacePreparer.resolve(spec, null);
    if (spec.sharedCatalogue()) {
      WorkspacePreparer.applyCatalogueFiles(spec, resources, false, ThinkingMode.NONE, workspace);
    } else {
      WorkspacePreparer.applyFiles(resources, workspace);
    }
    Path settingsFile = workspace.resolve(".claude/settings.json");
    String settings =
        spec.sharedCatalogue() && Files.isRegularFile(settingsFile)
            ? Files.readString(settingsFile, StandardCharsets.UTF_8)
            : null;
    Path claudeMdFile = workspace.resolve("CLAUDE.md");
    FileEntry claudeMd = Files.isRegularFile(claudeMdFile) ? entry(workspace, claudeMdFile) : null;
    List<FileEntry> claudeDir = new ArrayList<>();
    Path dotClaude = workspace.resolve(".claude");
    if (Files.isDirectory(dotClaude)) {
      try (Stream<Path> walk = Files.walk(dotClaude)) {
        for (Path p : walk.sorted().toList()) {
          if (Files.isRegularFile(p)) {
            claudeDir.add(entry(workspace, p));
          }
        }
      }
    }
    List<McpServerStatus> mcp = new ArrayList<>();
    for (McpServerSpec server : resources.mcpServers().values()) {
      mcp.add(imagePlan(server, workspace));
    }
    // A shared-catalogue sub-test with servers always gets a strict configuration (see
    // WorkspacePreparer.prepare), empty when none of them would start.
    Path mcpConfig =
        mcp.stream().anyMatch(McpServerStatus::started)
                || (spec.sharedCatalogue() && !mcp.isEmpty())
            ? WorkspacePreparer.writeMcpConfig(mcp, runDir)
            : null;
    String prompt = TaskPrompt.of(fixture.prompt(), spec);
    ResultFiles.writeText(files.taskPrompt(), prompt);
    return new SubTestPreview(
        runDir,
        claudeMd,
        resources.claudeMdBlocks().stream().map(ClaudeMdBlock::id).toList(),
        claudeDir,
        mcp,
        mcpConfig,
        resources.tools(),
        prompt,
        settings,
        TaskPrompt.systemPrompt(spec),
        spec.agentFlag(),
        fixture.layout());
  }

  /**
   * One warning per MCP server of {@code fixture} that a run in the runner image would skip (the
   * run goes ahead without it), naming the sub-test's config.yaml.
   */
  public static List<FixtureProblem> mcpWarnings(Fixture fixture) {
    List<FixtureProblem> warnings = new ArrayList<>();
    for (List<SubTestSpec> subTests : fixture.tiers().values()) {
      for (SubTestSpec s : subTests) {
        for (McpServerSpec server : s.mcpServers()) {
          McpServerStatus status = imagePlan(server, s.directory());
          if (!status.started()) {
            warnings.add(
                new FixtureProblem(
                    s.configFile(),
                    "MCP server '"
                        + server.name()
                        + "' will be skipped (the run goes ahead without it): "
                        + status.reason()));
          }
        }
      }
    }
    return warnings;
  }

  private static McpServerStatus imagePlan(McpServerSpec server, Path workspace) {
    return McpServers.plan(
        server, workspace, McpServers.IMAGE_LAUNCHERS::contains, "is not in the runner image");
  }

  private static FileEntry entry(Path workspace, Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return new FileEntry(
        workspace.relativize(file).toString(),
        bytes.length,
        Hashing.sha256().hashBytes(bytes).toString(),
        Files.isExecutable(file));
  }

  /** The prompt's size in UTF-8 bytes. */
  public int promptBytes() {
    return prompt.getBytes(StandardCharsets.UTF_8).length;
  }
}
