package dev.scylla.core.workspace;

import dev.scylla.core.fixture.AgentRef;
import dev.scylla.core.fixture.McpServerSpec;
import dev.scylla.core.fixture.SkillRef;
import dev.scylla.core.fixture.SubTestSpec;
import dev.scylla.core.model.ThinkingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The prompt a run's agent gets, as ProjectScylla builds it: the task prompt unchanged, a blank
 * line, a hint naming the sub-agents, skills, MCP servers and tools the sub-test itself provides
 * (or a generic hint when it provides none), then a cleanup requirement. The judge sees the same
 * text as the task. The hint names only what the sub-test's own configuration lists, not what it
 * inherits, and it names MCP servers even when they are skipped.
 */
public final class TaskPrompt {
  static final String GENERIC_HINT =
      "Solve the task with the tools you have and your own judgement.";
  static final String CLEANUP =
      "## Cleanup\n"
          + "- Delete the temporary files you created while working (build output, caches and the"
          + " like).\n"
          + "- Leave the workspace holding only the deliverables of the task.";

  private TaskPrompt() {}

  /**
   * The full prompt for a run of {@code spec} on {@code task}. For a sub-test of the shared
   * catalogue it is the task prompt alone: ProjectScylla's main branch puts the resource hint and
   * the cleanup requirement at the end of the workspace's CLAUDE.md instead.
   */
  public static String of(String task, SubTestSpec spec) {
    return spec.sharedCatalogue() ? task : task + "\n\n" + suffix(spec);
  }

  /**
   * What the agent is given for a run of {@code spec}: {@link #of}, after the thinking mode's
   * keyword and a blank line when the mode has one.
   */
  public static String forAgent(String task, SubTestSpec spec, ThinkingMode thinking) {
    return thinking.apply(of(task, spec));
  }

  /**
   * The system prompt the agent's CLI is given: empty ({@code --system-prompt ""}) for a sub-test
   * of the shared catalogue with {@code system_prompt_mode: none}; otherwise {@code null}, the
   * CLI's own (a tier-folder test's {@code none} is read but not applied, as at 2c7daf68).
   */
  public static String systemPrompt(SubTestSpec spec) {
    return spec.sharedCatalogue() && "none".equals(spec.systemPromptMode()) ? "" : null;
  }

  /** The hint and cleanup requirement that follow the task prompt. */
  public static String suffix(SubTestSpec spec) {
    List<String> parts = new ArrayList<>();
    list(
            spec.agents().stream().map(AgentRef::name).toList(),
            "Make full use of these sub-agents for the task:",
            "Use this sub-agent for the task:")
        .ifPresent(parts::add);
    list(
            spec.skills().stream().map(SkillRef::name).toList(),
            "Make full use of these skills for the task:",
            "Use this skill for the task:")
        .ifPresent(parts::add);
    list(
            spec.mcpServers().stream().map(McpServerSpec::name).toList(),
            "Make full use of these MCP servers for the task:",
            "Use this MCP server for the task:")
        .ifPresent(parts::add);
    if (spec.tools() != null) {
      if (spec.tools().all()) {
        parts.add("Make full use of every tool available to you for the task.");
      } else {
        list(
                spec.tools().names(),
                "Make full use of these tools for the task:",
                "Use this tool for the task:")
            .ifPresent(parts::add);
      }
    }
    String hint = parts.isEmpty() ? GENERIC_HINT : String.join("\n\n", parts);
    return hint + "\n\n" + CLEANUP;
  }

  private static java.util.Optional<String> list(List<String> names, String many, String one) {
    TreeSet<String> sorted = new TreeSet<>(names);
    if (sorted.isEmpty()) {
      return java.util.Optional.empty();
    }
    StringBuilder sb = new StringBuilder(sorted.size() > 1 ? many : one);
    for (String name : sorted) {
      sb.append("\n- ").append(name);
    }
    return java.util.Optional.of(sb.toString());
  }
}
