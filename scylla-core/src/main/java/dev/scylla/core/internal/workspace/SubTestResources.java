package dev.scylla.core.internal.workspace;

import dev.scylla.core.fixture.AgentRef;
import dev.scylla.core.fixture.ClaudeMdBlock;
import dev.scylla.core.fixture.McpServerSpec;
import dev.scylla.core.fixture.SkillRef;
import dev.scylla.core.fixture.SubTestSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The resources a run's workspace gets: a sub-test's own, on top of the baseline it extends (for T5
 * the best sub-tests of the tiers it inherits from, for T6 the best of T5).
 *
 * @param claudeMdBlocks CLAUDE.md blocks, in order, without duplicates
 * @param claudeMdFiles whole CLAUDE.md files to append after the blocks (sub-tests' own)
 * @param claudeDirs {@code .claude/} directories to copy (sub-tests' own)
 * @param skills skills to place under {@code .claude/skills}
 * @param agents agents to place under {@code .claude/agents}
 * @param tools tool names, or {@code null} for all tools
 * @param mcpServers MCP servers by name
 * @param inheritedFrom keys ({@code T0/03}) of the sub-tests this configuration was built from
 */
public record SubTestResources(
    List<ClaudeMdBlock> claudeMdBlocks,
    List<Path> claudeMdFiles,
    List<Path> claudeDirs,
    List<SkillRef> skills,
    List<AgentRef> agents,
    List<String> tools,
    Map<String, McpServerSpec> mcpServers,
    List<String> inheritedFrom) {

  /** Copies every collection. */
  public SubTestResources {
    claudeMdBlocks = List.copyOf(claudeMdBlocks);
    claudeMdFiles = List.copyOf(claudeMdFiles);
    claudeDirs = List.copyOf(claudeDirs);
    skills = List.copyOf(skills);
    agents = List.copyOf(agents);
    tools = tools == null ? null : List.copyOf(tools);
    mcpServers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mcpServers));
    inheritedFrom = List.copyOf(inheritedFrom);
  }

  /** No resources and all tools. */
  public static final SubTestResources EMPTY =
      new SubTestResources(
          List.of(), List.of(), List.of(), List.of(), List.of(), null, Map.of(), List.of());

  /** A sub-test's own resources, without any baseline. */
  public static SubTestResources of(SubTestSpec spec) {
    Map<String, McpServerSpec> mcp = new LinkedHashMap<>();
    spec.mcpServers().forEach(m -> mcp.put(m.name(), m));
    return new SubTestResources(
        spec.claudeMdBlocks(),
        spec.claudeMd() == null ? List.of() : List.of(spec.claudeMd()),
        spec.claudeDir() == null ? List.of() : List.of(spec.claudeDir()),
        spec.skills(),
        spec.agents(),
        spec.tools() == null || spec.tools().all() ? null : spec.tools().names(),
        mcp,
        List.of());
  }

  /**
   * This configuration with {@code other} layered on top: lists concatenated without duplicates,
   * MCP servers merged by name; tools: a layer without a list keeps the list below, two lists
   * unite.
   */
  public SubTestResources plus(SubTestResources other) {
    // A layer without a tool list (absent or "all") restricts nothing and keeps the one below;
    // two lists unite.
    List<String> tools;
    if (other.tools == null) {
      tools = this.tools;
    } else if (this.tools == null) {
      tools = other.tools;
    } else {
      tools = new ArrayList<>(new LinkedHashSet<>(concat(this.tools, other.tools)));
    }
    Map<String, McpServerSpec> mcp = new LinkedHashMap<>(mcpServers);
    mcp.putAll(other.mcpServers);
    return new SubTestResources(
        distinct(concat(claudeMdBlocks, other.claudeMdBlocks)),
        distinct(concat(claudeMdFiles, other.claudeMdFiles)),
        distinct(concat(claudeDirs, other.claudeDirs)),
        distinct(concat(skills, other.skills)),
        distinct(concat(agents, other.agents)),
        tools,
        mcp,
        distinct(concat(inheritedFrom, other.inheritedFrom)));
  }

  /** This configuration recording that it came from sub-test {@code key}. */
  public SubTestResources from(String key) {
    return new SubTestResources(
        claudeMdBlocks,
        claudeMdFiles,
        claudeDirs,
        skills,
        agents,
        tools,
        mcpServers,
        distinct(concat(inheritedFrom, List.of(key))));
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static <T> List<T> distinct(List<T> list) {
    return new ArrayList<>(new LinkedHashSet<>(list));
  }
}
