package dev.scylla.core.internal.workspace;

import com.google.common.hash.Hashing;
import dev.scylla.core.fixture.AgentRef;
import dev.scylla.core.fixture.ClaudeMdBlock;
import dev.scylla.core.fixture.McpServerSpec;
import dev.scylla.core.fixture.SkillRef;
import dev.scylla.core.fixture.SubTestSpec;
import dev.scylla.core.internal.FileTrees;
import dev.scylla.core.internal.Git;
import dev.scylla.core.model.ThinkingMode;
import dev.scylla.core.model.TierId;
import dev.scylla.core.results.ResultFiles;
import dev.scylla.core.results.ResultsLayout;
import dev.scylla.core.workspace.McpServerStatus;
import dev.scylla.core.workspace.WorkspaceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a sub-test's configuration to a fresh worktree: CLAUDE.md composed from its blocks,
 * skills and agents under {@code .claude/}, the tool list, the MCP configuration file; commits it
 * and writes {@code config_manifest.json}.
 */
public final class WorkspacePreparer {
  private static final Logger LOG = LoggerFactory.getLogger(WorkspacePreparer.class);

  private WorkspacePreparer() {}

  /** T0's 00 and 01 measure the agent without any CLAUDE.md or .claude/ at all. */
  static boolean stripsConfiguration(SubTestSpec spec) {
    return spec.tier() == TierId.T0 && (spec.id().equals("00") || spec.id().equals("01"));
  }

  /**
   * Prepares {@code worktree} for {@code spec} on top of {@code baseline} (applied only when the
   * sub-test extends the previous configuration), writing the MCP configuration and manifest in
   * {@code runDir}. MCP servers whose launcher is not on the PATH are skipped and recorded.
   */
  public static PreparedWorkspace prepare(
      Path worktree, SubTestSpec spec, SubTestResources baseline, Path runDir)
      throws InterruptedException {
    return prepare(worktree, spec, baseline, runDir, McpServers::onPath);
  }

  /**
   * As {@link #prepare(Path, SubTestSpec, SubTestResources, Path)}, with {@code launcherAvailable}
   * deciding which MCP launchers can run.
   */
  public static PreparedWorkspace prepare(
      Path worktree,
      SubTestSpec spec,
      SubTestResources baseline,
      Path runDir,
      Predicate<String> launcherAvailable)
      throws InterruptedException {
    return prepare(worktree, spec, baseline, runDir, ThinkingMode.NONE, launcherAvailable);
  }

  /**
   * As {@link #prepare(Path, SubTestSpec, SubTestResources, Path, Predicate)}, with the agent's
   * thinking mode (a shared-catalogue workspace's settings record whether thinking is on).
   */
  public static PreparedWorkspace prepare(
      Path worktree,
      SubTestSpec spec,
      SubTestResources baseline,
      Path runDir,
      ThinkingMode thinking,
      Predicate<String> launcherAvailable)
      throws InterruptedException {
    SubTestResources resources = resolve(spec, baseline);
    String claudeMdHash = null;
    Path mcpConfig = null;
    List<McpServerStatus> mcp = new ArrayList<>();
    // Whether the worktree differs from the task commit: when it does not (T0's 00 and 01 on a
    // repository without CLAUDE.md, sub-tests without resources), the task commit is the prepared
    // commit and the three git processes of an empty configuration commit are saved.
    boolean changed = false;
    try {
      Path claudeMd = worktree.resolve("CLAUDE.md");
      Path dotClaude = worktree.resolve(".claude");
      if (spec.sharedCatalogue()) {
        changed =
            CatalogueWorkspace.apply(spec, resources, inherits(spec, baseline), thinking, worktree);
        if (Files.isRegularFile(claudeMd)) {
          claudeMdHash = Hashing.sha256().hashBytes(Files.readAllBytes(claudeMd)).toString();
        }
        mcpConfig = planMcp(spec, resources, worktree, runDir, launcherAvailable, mcp);
        if (mcpConfig == null && !mcp.isEmpty()) {
          // The settings name MCP servers Claude Code cannot start; an empty strict MCP
          // configuration makes it use none rather than try those.
          mcpConfig = writeMcpConfig(mcp, runDir);
        }
      } else if (stripsConfiguration(spec)) {
        changed = Files.deleteIfExists(claudeMd);
        if (Files.exists(dotClaude, LinkOption.NOFOLLOW_LINKS)) {
          FileTrees.delete(dotClaude);
          changed = true;
        }
      } else {
        changed = applyFiles(resources, worktree);
        if (Files.isRegularFile(claudeMd)) {
          claudeMdHash = Hashing.sha256().hashBytes(Files.readAllBytes(claudeMd)).toString();
        }
        mcpConfig = planMcp(spec, resources, worktree, runDir, launcherAvailable, mcp);
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
    writeManifest(spec, resources, mcp, claudeMdHash, commit, runDir);
    return new PreparedWorkspace(
        worktree, resources.tools(), mcpConfig, claudeMdHash, commit, resources, mcp);
  }

  /** Whether {@code spec}'s workspace builds on {@code baseline}. */
  static boolean inherits(SubTestSpec spec, SubTestResources baseline) {
    return baseline != null && spec.extendsPrevious() && !stripsConfiguration(spec);
  }

  /**
   * Decides which MCP servers of {@code resources} start (adding each to {@code statuses}) and
   * writes the MCP configuration of the started ones; returns its path, or null when none starts.
   */
  private static Path planMcp(
      SubTestSpec spec,
      SubTestResources resources,
      Path worktree,
      Path runDir,
      Predicate<String> launcherAvailable,
      List<McpServerStatus> statuses) {
    for (McpServerSpec server : resources.mcpServers().values()) {
      McpServerStatus status =
          McpServers.plan(server, worktree, launcherAvailable, "is not on the PATH");
      if (!status.started()) {
        LOG.warn("{}: MCP server {} skipped: {}", spec.key(), server.name(), status.reason());
      }
      statuses.add(status);
    }
    return statuses.stream().anyMatch(McpServerStatus::started)
        ? writeMcpConfig(statuses, runDir)
        : null;
  }

  /**
   * Writes a shared-catalogue sub-test's CLAUDE.md, {@code .claude/} and settings into {@code
   * workspace} as ProjectScylla's main branch prepares them (see {@link #prepare}); returns whether
   * anything was written.
   */
  public static boolean applyCatalogueFiles(
      SubTestSpec spec,
      SubTestResources resources,
      boolean inherits,
      ThinkingMode thinking,
      Path workspace)
      throws IOException {
    return CatalogueWorkspace.apply(spec, resources, inherits, thinking, workspace);
  }

  /**
   * Adds the skills (whole folders) and agents of {@code resources} under {@code
   * workspace/.claude/} where no file of that name is yet; returns whether it added any.
   */
  static boolean placeSkillsAndAgents(SubTestResources resources, Path workspace)
      throws IOException {
    boolean changed = false;
    Path dotClaude = workspace.resolve(".claude");
    for (SkillRef skill : resources.skills()) {
      Path target = dotClaude.resolve("skills").resolve(skill.name());
      if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        changed |= copyTree(skill.directory(), target);
      }
    }
    for (AgentRef agent : resources.agents()) {
      Path target = dotClaude.resolve("agents").resolve(agent.file().getFileName().toString());
      if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(target.getParent());
        copyFile(agent.file(), target);
        changed = true;
      }
    }
    return changed;
  }

  /**
   * Writes CLAUDE.md and {@code .claude/} of {@code resources} into {@code workspace} as
   * ProjectScylla's workspace preparation does: skills (whole folders) and agents added where no
   * file of that name is yet, then CLAUDE.md composed from the blocks replacing any there; T0's 00
   * and 01 are not handled here (see {@link #prepare}). Returns whether anything was written.
   */
  public static boolean applyFiles(SubTestResources resources, Path workspace) throws IOException {
    boolean changed = placeSkillsAndAgents(resources, workspace);
    if (!resources.claudeMdBlocks().isEmpty()) {
      Files.write(
          workspace.resolve("CLAUDE.md"),
          composeClaudeMd(resources.claudeMdBlocks()).getBytes(StandardCharsets.UTF_8));
      changed = true;
    }
    return changed;
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
    return (spec.extendsPrevious() && baseline != null ? baseline.overlay(own) : own);
  }

  /**
   * The CLAUDE.md text, as ProjectScylla composes it: each block's text as it is in its file (line
   * ends read as {@code \n}), joined by one blank line, nothing added at the end.
   */
  public static String composeClaudeMd(List<ClaudeMdBlock> blocks) throws IOException {
    List<String> parts = new ArrayList<>();
    for (ClaudeMdBlock block : blocks) {
      String text = Files.readString(block.file(), StandardCharsets.UTF_8);
      parts.add(text.replace("\r\n", "\n").replace('\r', '\n'));
    }
    return String.join("\n\n", parts);
  }

  /**
   * Writes the run's {@code mcp_config.json} with the started servers of {@code servers} and
   * returns its path.
   */
  public static Path writeMcpConfig(List<McpServerStatus> servers, Path runDir) {
    Map<String, Object> entries = new LinkedHashMap<>();
    for (McpServerStatus server : servers) {
      if (server.started()) {
        List<String> cmd = server.command();
        entries.put(
            server.name(), Map.of("command", cmd.get(0), "args", cmd.subList(1, cmd.size())));
      }
    }
    Path file = new ResultsLayout.Run(runDir).mcpConfig();
    ResultFiles.writeJson(file, Map.of("mcpServers", entries));
    return file;
  }

  private static void writeManifest(
      SubTestSpec spec,
      SubTestResources resources,
      List<McpServerStatus> mcp,
      String claudeMdHash,
      String commit,
      Path runDir) {
    Map<String, Object> res = new LinkedHashMap<>();
    res.put(
        "claude_md_blocks", resources.claudeMdBlocks().stream().map(ClaudeMdBlock::id).toList());
    res.put("skills", resources.skills().stream().map(s -> s.category() + "/" + s.name()).toList());
    res.put(
        "agents", resources.agents().stream().map(a -> "L" + a.level() + "/" + a.name()).toList());
    res.put("tools", resources.tools() == null ? "all" : resources.tools());
    res.put("mcp_servers", List.copyOf(resources.mcpServers().keySet()));
    List<Map<String, Object>> servers = new ArrayList<>();
    for (McpServerStatus status : mcp) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", status.name());
      entry.put("status", status.status());
      if (status.started()) {
        entry.put("command", status.command());
      } else {
        entry.put("reason", status.reason());
      }
      servers.add(entry);
    }
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("tier_id", spec.tier().name());
    manifest.put("subtest_id", spec.id());
    manifest.put("fixture_config_path", spec.configFile().toString());
    manifest.put("resources", res);
    manifest.put("mcp_servers", servers);
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
          copyFile(p, target);
        }
      }
    }
    return true;
  }

  /**
   * Copies a file with the same bytes and executable bit, but writable by the agent: the shared
   * folder may be read-only, and a copy of its modes would be too.
   */
  private static void copyFile(Path from, Path to) throws IOException {
    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    try {
      Files.setPosixFilePermissions(
          to,
          PosixFilePermissions.fromString(Files.isExecutable(from) ? "rwxr-xr-x" : "rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      LOG.debug("{}: no POSIX permissions on this file system", to);
    }
  }
}
