package dev.scylla.core.internal.workspace;

import com.google.common.hash.Hashing;
import dev.scylla.core.fixture.AgentRef;
import dev.scylla.core.fixture.ClaudeMdBlock;
import dev.scylla.core.fixture.FixtureException;
import dev.scylla.core.fixture.McpServerSpec;
import dev.scylla.core.fixture.SkillRef;
import dev.scylla.core.fixture.SubTestSpec;
import dev.scylla.core.internal.FileTrees;
import dev.scylla.core.internal.Git;
import dev.scylla.core.model.TierId;
import dev.scylla.core.results.ResultFiles;
import dev.scylla.core.results.ResultsLayout;
import dev.scylla.core.workspace.WorkspaceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Applies a sub-test's configuration to a fresh worktree: CLAUDE.md composed from its blocks,
 * skills and agents under {@code .claude/}, the tool list, the MCP configuration file; commits it
 * and writes {@code config_manifest.json}.
 */
public final class WorkspacePreparer {
  private WorkspacePreparer() {}

  /** T0's 00 and 01 measure the agent without any CLAUDE.md or .claude/ at all. */
  static boolean stripsConfiguration(SubTestSpec spec) {
    return spec.tier() == TierId.T0 && (spec.id().equals("00") || spec.id().equals("01"));
  }

  /**
   * Prepares {@code worktree} for {@code spec} on top of {@code baseline} (applied only when the
   * sub-test extends the previous configuration), writing the MCP configuration and manifest in
   * {@code runDir}.
   *
   * @throws FixtureException for an MCP server name the table does not know
   */
  public static PreparedWorkspace prepare(
      Path worktree, SubTestSpec spec, SubTestResources baseline, Path runDir)
      throws InterruptedException {
    SubTestResources resources = resolve(spec, baseline);
    String claudeMdHash = null;
    Path mcpConfig = null;
    // Whether the worktree differs from the task commit: when it does not (T0's 00 and 01 on a
    // repository without CLAUDE.md, sub-tests without resources), the task commit is the prepared
    // commit and the three git processes of an empty configuration commit are saved.
    boolean changed = false;
    try {
      Path claudeMd = worktree.resolve("CLAUDE.md");
      Path dotClaude = worktree.resolve(".claude");
      if (stripsConfiguration(spec)) {
        changed = Files.deleteIfExists(claudeMd);
        if (Files.exists(dotClaude, LinkOption.NOFOLLOW_LINKS)) {
          FileTrees.delete(dotClaude);
          changed = true;
        }
      } else {
        String composed = composeClaudeMd(resources);
        if (!composed.isEmpty()) {
          Files.writeString(claudeMd, composed, StandardCharsets.UTF_8);
          claudeMdHash = Hashing.sha256().hashString(composed, StandardCharsets.UTF_8).toString();
          changed = true;
        } else if (Files.exists(claudeMd)) {
          claudeMdHash = Hashing.sha256().hashBytes(Files.readAllBytes(claudeMd)).toString();
        }
        for (Path dir : resources.claudeDirs()) {
          changed |= copyTree(dir, dotClaude);
        }
        for (SkillRef skill : resources.skills()) {
          changed |= copyTree(skill.directory(), dotClaude.resolve("skills").resolve(skill.name()));
        }
        for (AgentRef agent : resources.agents()) {
          Path target = dotClaude.resolve("agents").resolve(agent.file().getFileName().toString());
          Files.createDirectories(target.getParent());
          Files.copy(agent.file(), target, StandardCopyOption.REPLACE_EXISTING);
          changed = true;
        }
        if (!resources.mcpServers().isEmpty()) {
          mcpConfig = writeMcpConfig(resources.mcpServers(), worktree, spec, runDir);
        }
      }
    } catch (IOException e) {
      throw new WorkspaceException(
          "cannot prepare " + worktree + " for " + spec.key() + ": " + e.getMessage(), e);
    }
    if (changed) {
      Git.run(worktree, "add", "-A");
      Git.run(
          worktree,
          "commit",
          "--quiet",
          "--allow-empty",
          "--no-verify",
          "-m",
          "Scylla: configuration of " + spec.key());
    }
    String commit = Git.head(worktree);
    writeManifest(spec, resources, claudeMdHash, commit, runDir);
    return new PreparedWorkspace(
        worktree, resources.tools(), mcpConfig, claudeMdHash, commit, resources);
  }

  /**
   * The resources a run of {@code spec} gets: its own on top of {@code baseline} when it extends
   * the previous configuration; none at all for T0's 00 and 01.
   */
  public static SubTestResources resolve(SubTestSpec spec, SubTestResources baseline) {
    if (stripsConfiguration(spec)) {
      return SubTestResources.EMPTY;
    }
    SubTestResources own = SubTestResources.of(spec);
    return (spec.extendsPrevious() && baseline != null ? baseline.plus(own) : own);
  }

  /** The CLAUDE.md text: the blocks in order, then whole files, joined by blank lines. */
  static String composeClaudeMd(SubTestResources resources) throws IOException {
    List<String> parts = new ArrayList<>();
    for (ClaudeMdBlock block : resources.claudeMdBlocks()) {
      parts.add(Files.readString(block.file(), StandardCharsets.UTF_8).strip());
    }
    for (Path file : resources.claudeMdFiles()) {
      parts.add(Files.readString(file, StandardCharsets.UTF_8).strip());
    }
    parts.removeIf(String::isEmpty);
    return parts.isEmpty() ? "" : String.join("\n\n", parts) + "\n";
  }

  private static Path writeMcpConfig(
      Map<String, McpServerSpec> servers, Path worktree, SubTestSpec spec, Path runDir) {
    Map<String, Object> entries = new LinkedHashMap<>();
    for (McpServerSpec server : servers.values()) {
      List<String> cmd =
          McpServers.command(server.name(), worktree)
              .orElseThrow(
                  () ->
                      new FixtureException(
                          spec.directory().resolve("config.yaml"),
                          "unknown MCP server '"
                              + server.name()
                              + "' (known: "
                              + String.join(", ", McpServers.names())
                              + ")"));
      entries.put(server.name(), Map.of("command", cmd.get(0), "args", cmd.subList(1, cmd.size())));
    }
    Path file = new ResultsLayout.Run(runDir).mcpConfig();
    ResultFiles.writeJson(file, Map.of("mcpServers", entries));
    return file;
  }

  private static void writeManifest(
      SubTestSpec spec,
      SubTestResources resources,
      String claudeMdHash,
      String commit,
      Path runDir) {
    Map<String, Object> res = new LinkedHashMap<>();
    res.put(
        "claude_md_blocks", resources.claudeMdBlocks().stream().map(ClaudeMdBlock::id).toList());
    res.put("claude_md_files", resources.claudeMdFiles().stream().map(Path::toString).toList());
    res.put("skills", resources.skills().stream().map(s -> s.category() + "/" + s.name()).toList());
    res.put(
        "agents", resources.agents().stream().map(a -> "L" + a.level() + "/" + a.name()).toList());
    res.put("tools", resources.tools() == null ? "all" : resources.tools());
    res.put("mcp_servers", List.copyOf(resources.mcpServers().keySet()));
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("tier_id", spec.tier().name());
    manifest.put("subtest_id", spec.id());
    manifest.put("fixture_config_path", spec.directory().resolve("config.yaml").toString());
    manifest.put("resources", res);
    manifest.put("composed_at", Instant.now().toString());
    manifest.put("claude_md_hash", claudeMdHash);
    manifest.put("inherited_from", resources.inheritedFrom());
    manifest.put("prepared_commit", commit);
    ResultFiles.writeJson(new ResultsLayout.Run(runDir).manifest(), manifest);
  }

  /** Copies a directory tree; returns whether it copied anything. */
  private static boolean copyTree(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      return false;
    }
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return true;
  }
}
