package dev.scylla.core.internal.workspace;

import dev.scylla.core.fixture.AgentRef;
import dev.scylla.core.fixture.ClaudeMdBlock;
import dev.scylla.core.fixture.McpServerSpec;
import dev.scylla.core.fixture.SkillRef;
import dev.scylla.core.fixture.SubTestSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The resources a run's workspace gets: a sub-test's own, on top of the baseline it extends (for T5
 * the best sub-tests of the tiers it inherits from, for T6 the best of T5).
 *
 * @param claudeMdBlocks CLAUDE.md blocks, in order (a block listed twice is composed twice, as in
 *     ProjectScylla)
 * @param skills skills to place under {@code .claude/skills}
 * @param agents agents to place under {@code .claude/agents}
 * @param tools tool names, or {@code null} for all tools
 * @param allToolsAsked whether the top layer said {@code tools: enabled: all} (it then wins over a
 *     restricted list below it)
 * @param mcpServers MCP servers by name
 * @param inheritedFrom keys ({@code T0/03}) of the sub-tests this configuration was built from
 */
public record SubTestResources(
    List<ClaudeMdBlock> claudeMdBlocks,
    List<SkillRef> skills,
    List<AgentRef> agents,
    List<String> tools,
    boolean allToolsAsked,
    Map<String, McpServerSpec> mcpServers,
    List<String> inheritedFrom) {

  /** Copies every collection. */
  public SubTestResources {
    claudeMdBlocks = List.copyOf(claudeMdBlocks);
    skills = List.copyOf(skills);
    agents = List.copyOf(agents);
    tools = tools == null ? null : List.copyOf(tools);
    if (allToolsAsked && tools != null) {
      throw new IllegalArgumentException("'all' tools cannot also list tools " + tools);
    }
    mcpServers = Collections.unmodifiableMap(new LinkedHashMap<>(mcpServers));
    inheritedFrom = List.copyOf(inheritedFrom);
  }

  /** No resources and all tools. */
  public static final SubTestResources EMPTY =
      new SubTestResources(List.of(), List.of(), List.of(), null, false, Map.of(), List.of());

  /**
   * A sub-test's own resources, without any baseline. Its own {@code CLAUDE.md} and {@code
   * .claude/} are not among them: ProjectScylla composes workspaces only from the shared resources
   * a sub-test names.
   */
  public static SubTestResources of(SubTestSpec spec) {
    Map<String, McpServerSpec> mcp = new LinkedHashMap<>();
    spec.mcpServers().forEach(m -> mcp.put(m.name(), m));
    boolean all = spec.tools() != null && spec.tools().all();
    return new SubTestResources(
        spec.claudeMdBlocks(),
        spec.skills(),
        spec.agents(),
        spec.tools() == null || all ? null : spec.tools().names(),
        all,
        mcp,
        List.of());
  }

  /**
   * The sub-test layer {@code own} applied on this baseline, as ProjectScylla's workspace
   * preparation does: when {@code own} names blocks its CLAUDE.md replaces the baseline's, else the
   * baseline's stays; skills and agents are added (the first of a name wins); MCP servers merge by
   * name; tools as in {@link #plus}.
   */
  public SubTestResources overlay(SubTestResources own) {
    SubTestResources merged = plus(own);
    return new SubTestResources(
        own.claudeMdBlocks.isEmpty() ? claudeMdBlocks : own.claudeMdBlocks,
        merged.skills,
        merged.agents,
        merged.tools,
        merged.allToolsAsked,
        merged.mcpServers,
        merged.inheritedFrom);
  }

  /**
   * This configuration with {@code other} layered on top, for combining the best sub-tests of
   * several tiers: lists concatenated without duplicates, MCP servers merged by name; tools: a
   * layer that asks for all tools wins over a restricted list below it, a layer that says nothing
   * keeps the list below, two lists unite.
   */
  public SubTestResources plus(SubTestResources other) {
    List<String> tools;
    boolean all;
    if (other.allToolsAsked) {
      tools = null;
      all = true;
    } else if (other.tools == null) {
      tools = this.tools;
      all = this.allToolsAsked;
    } else if (this.tools == null) {
      tools = other.tools;
      all = false;
    } else {
      tools = distinct(concat(this.tools, other.tools));
      all = false;
    }
    Map<String, McpServerSpec> mcp = new LinkedHashMap<>(mcpServers);
    mcp.putAll(other.mcpServers);
    return new SubTestResources(
        distinct(concat(claudeMdBlocks, other.claudeMdBlocks)),
        distinctByName(concat(skills, other.skills), SkillRef::name),
        distinctByName(concat(agents, other.agents), a -> a.file().getFileName().toString()),
        tools,
        all,
        mcp,
        distinct(concat(inheritedFrom, other.inheritedFrom)));
  }

  /** This configuration recording that it came from sub-test {@code key}. */
  public SubTestResources from(String key) {
    return new SubTestResources(
        claudeMdBlocks,
        skills,
        agents,
        tools,
        allToolsAsked,
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

  /** Keeps the first element of each name: the workspace has one folder or file per name. */
  private static <T> List<T> distinctByName(
      List<T> list, java.util.function.Function<T, String> name) {
    Map<String, T> byName = new LinkedHashMap<>();
    for (T t : list) {
      byName.putIfAbsent(name.apply(t), t);
    }
    return new ArrayList<>(byName.values());
  }
}
