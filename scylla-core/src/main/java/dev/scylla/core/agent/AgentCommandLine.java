package dev.scylla.core.agent;

import java.util.List;

/**
 * The command line an adapter runs for a request, for showing a sub-test without running it ({@code
 * scylla validate --show}). The prompt is not part of it: it goes to the process's stdin.
 */
public final class AgentCommandLine {
  private AgentCommandLine() {}

  /** The Claude Code CLI's command line for {@code request}, program first. */
  public static List<String> of(ClaudeCodeAdapter adapter, AgentRequest request) {
    return List.copyOf(adapter.command(request));
  }
}
