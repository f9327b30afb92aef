package dev.scylla.core.internal.agent;

import dev.scylla.core.ErrorKind;
import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentAdapterProvider;
import dev.scylla.core.agent.AgentException;
import dev.scylla.core.agent.ClaudeCodeAdapter;

/** The {@code claude-code} runner: the Claude Code CLI the context names. */
public final class ClaudeCodeProvider implements AgentAdapterProvider {

  @Override
  public String name() {
    return "claude-code";
  }

  @Override
  public String description() {
    return "the Claude Code CLI, with the host's Claude login";
  }

  @Override
  public boolean canJudge() {
    return true;
  }

  @Override
  public boolean needsClaudeLogin() {
    return true;
  }

  @Override
  public AgentAdapter create(String argument, Context context) {
    if (!argument.isEmpty()) {
      throw new AgentException(
          ErrorKind.INPUT,
          "claude-code takes no argument, got 'claude-code:" + argument + "'",
          null);
    }
    return ClaudeCodeAdapter.builder().binary(context.claudeBinary()).build();
  }
}
