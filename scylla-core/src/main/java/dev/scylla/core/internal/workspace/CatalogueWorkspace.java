package dev.scylla.core.internal.workspace;

import dev.scylla.core.fixture.AgentRef;
import dev.scylla.core.fixture.McpServerSpec;
import dev.scylla.core.fixture.SkillRef;
import dev.scylla.core.fixture.SubTestSpec;
import dev.scylla.core.internal.FileTrees;
import dev.scylla.core.model.ThinkingMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The workspace of a sub-test of the shared catalogue, as ProjectScylla's main branch prepares it
 * ({@code TierManager.prepare_workspace}): CLAUDE.md carries the blocks and then a suffix (a hint
 * naming the resources, the test environment's constraints and a cleanup requirement), and every
 * workspace gets a {@code .claude/settings.json}. The suffix's wording is main's own, so that the
 * agent reads what it would read there.
 */
final class CatalogueWorkspace {
  static final String GENERIC_HINT =
      "Complete this task using available tools and your best judgment.";
  static final String ALL_TOOLS_HINT =
      "Maximize usage of all available tools to complete this task.";
  static final String CONSTRAINTS =
      "\n\n## Test Environment Constraints\n\n"
          + "**CRITICAL: This is a test environment. "
          + "The following WRITE operations are FORBIDDEN:**\n\n"
          + "- DO NOT run `git push` or push to any remote repository\n"
          + "- DO NOT create pull requests (`gh pr create` or similar)\n"
          + "- DO NOT comment on or modify GitHub issues or PRs\n"
          + "- DO NOT delete remote branches (`git push origin --delete`)\n"
          + "- All changes must remain LOCAL to this workspace - no remote writes\n"
          + "- Read-only remote operations (`git fetch`, `git pull`) are permitted\n";
  static final String CLEANUP =
      "\n\n## Cleanup Requirements\n\n"
          + "- Remove any temporary files created during task completion "
          + "(build artifacts, cache files, etc.)\n"
          + "- Clean up after yourself - the workspace should contain only final deliverables\n";

  /** The MCP package scope main's settings name a server under when its entry names none. */
  static final String DEFAULT_MCP_SOURCE = "modelcontextprotocol/servers";

  private CatalogueWorkspace() {}

  /**
   * Writes CLAUDE.md, {@code .claude/} and its {@code settings.json} for {@code spec} into {@code
   * workspace}, with {@code resources} (the sub-test's own on top of what it inherits; {@code
   * inherits} says whether there is such a baseline). Returns whether anything was written.
   *
   * <p>T0's 00 and 01 lose the repository's CLAUDE.md and {@code .claude/}. Otherwise skills and
   * agents are added where no file of the name is yet, and CLAUDE.md becomes the blocks and the
   * suffix (the suffix alone without blocks); a sub-test that declares no resource and inherits
   * nothing leaves the repository's CLAUDE.md as it is. The settings always come from the
   * sub-test's own configuration. Always writes (the settings file at least).
   */
  static boolean apply(
      SubTestSpec spec,
      SubTestResources resources,
      boolean inherits,
      ThinkingMode thinking,
      Path workspace)
      throws IOException {
    Path claudeMd = workspace.resolve("CLAUDE.md");
    if (WorkspacePreparer.stripsConfiguration(spec)) {
      Files.deleteIfExists(claudeMd);
      Path dotClaude = workspace.resolve(".claude");
      if (Files.exists(dotClaude, LinkOption.NOFOLLOW_LINKS)) {
        FileTrees.delete(dotClaude);
      }
    } else {
      WorkspacePreparer.placeSkillsAndAgents(resources, workspace);
      String text = null;
      if (!resources.claudeMdBlocks().isEmpty()) {
        text =
            WorkspacePreparer.composeClaudeMd(resources.claudeMdBlocks())
                + "\n\n"
                + suffix(resources);
      } else if (spec.declaresResources() || inherits) {
        text = suffix(resources);
      }
      if (text != null) {
        Files.write(claudeMd, text.getBytes(StandardCharsets.UTF_8));
      }
    }
    Path settings = workspace.resolve(".claude").resolve("settings.json");
    Files.createDirectories(settings.getParent());
    Files.write(settings, settingsJson(spec, thinking).getBytes(StandardCharsets.UTF_8));
    return true;
  }

  /**
   * What follows the blocks in CLAUDE.md: the sub-agents, skills and MCP servers of {@code
   * resources} (each list sorted, one a line; a single name gets the singular wording), a line for
   * {@code tools: all} (a tool list is not named, as in main), or a generic hint when there is
   * nothing to name; then the test environment's constraints and the cleanup requirement.
   */
  static String suffix(SubTestResources resources) {
    List<String> parts = new ArrayList<>();
    names(
            resources.agents().stream().map(AgentRef::name).toList(),
            "Maximize usage of the following sub-agents to solve this task:",
            "Use the following sub-agent to solve this task:")
        .ifPresent(parts::add);
    names(
            resources.skills().stream().map(SkillRef::name).toList(),
            "Maximize usage of the following skills to complete this task:",
            "Use the following skill to complete this task:")
        .ifPresent(parts::add);
    names(
            List.copyOf(resources.mcpServers().keySet()),
            "Maximize usage of the following MCP servers to complete this task:",
            "Use the following MCP server to complete this task:")
        .ifPresent(parts::add);
    if (resources.allToolsAsked()) {
      parts.add(ALL_TOOLS_HINT);
    }
    String hint = parts.isEmpty() ? GENERIC_HINT : String.join("\n\n", parts);
    return hint + CONSTRAINTS + CLEANUP;
  }

  private static java.util.Optional<String> names(List<String> names, String many, String one) {
    if (names.isEmpty()) {
      return java.util.Optional.empty();
    }
    StringBuilder sb = new StringBuilder(names.size() > 1 ? many : one).append('\n');
    for (String name : new TreeSet<>(names)) {
      sb.append("\n- ").append(name);
    }
    return java.util.Optional.of(sb.toString());
  }

  /**
   * The {@code .claude/settings.json} text: {@code alwaysThinkingEnabled}, the sub-test's own tool
   * list as {@code allowedTools}, its MCP servers under {@code mcpServers} as main names them
   * ({@code npx -y @<source>/<name>}), and the agent-teams variable under {@code env}.
   */
  static String settingsJson(SubTestSpec spec, ThinkingMode thinking) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("alwaysThinkingEnabled", thinking.enabled());
    if (spec.tools() != null && !spec.tools().all() && !spec.tools().names().isEmpty()) {
      settings.put("allowedTools", spec.tools().names());
    }
    if (!spec.mcpServers().isEmpty()) {
      Map<String, Object> servers = new LinkedHashMap<>();
      for (McpServerSpec server : spec.mcpServers()) {
        String source = server.source() == null ? DEFAULT_MCP_SOURCE : server.source();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("command", "npx");
        entry.put("args", List.of("-y", "@" + source + "/" + server.name()));
        servers.put(server.name(), entry);
      }
      settings.put("mcpServers", servers);
    }
    if (spec.agentTeams()) {
      settings.put("env", Map.of("CLAUDE_CODE_EXPERIMENTAL_AGENT_TEAMS", "1"));
    }
    return PythonJson.write(settings);
  }
}
