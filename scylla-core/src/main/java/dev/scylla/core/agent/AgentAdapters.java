package dev.scylla.core.agent;

import dev.scylla.core.ErrorKind;
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
    return fromSpec(spec, baseDir, "claude");
  }

  /**
   * Like {@link #fromSpec(String, Path)}, with the Claude Code binary to run for {@code
   * claude-code} (a name on the PATH or a path, e.g. a stub in tests).
   */
  public static AgentAdapter fromSpec(String spec, Path baseDir, String claudeBinary) {
    if (spec == null || spec.isBlank() || spec.equals("claude-code")) {
      return ClaudeCodeAdapter.builder().binary(claudeBinary).build();
    }
    if (spec.startsWith("scripted:") && spec.length() > "scripted:".length()) {
      Path file = baseDir.resolve(spec.substring("scripted:".length()));
      return ScriptedAgent.load(file);
    }
    throw new AgentException(
        ErrorKind.INPUT,
        "unknown agent '" + spec + "': use 'claude-code' or 'scripted:FILE'",
        null);
  }
}
