package dev.scylla.core.agent;

import java.nio.file.Path;

/** Creates adapters from the CLI's {@code --agent} values. */
public final class AgentAdapters {
  private AgentAdapters() {}

  /**
   * Parses {@code claude-code} or {@code scripted:FILE} (FILE relative to {@code baseDir}).
   *
   * @throws AgentException for any other value or an unreadable script
   */
  public static AgentAdapter fromSpec(String spec, Path baseDir) {
    if (spec == null || spec.isBlank() || spec.equals("claude-code")) {
      return ClaudeCodeAdapter.create();
    }
    if (spec.startsWith("scripted:") && spec.length() > "scripted:".length()) {
      Path file = baseDir.resolve(spec.substring("scripted:".length()));
      return ScriptedAgent.load(file);
    }
    throw new AgentException("unknown agent '" + spec + "': use 'claude-code' or 'scripted:FILE'");
  }
}
