package dev.scylla.core.internal.agent;

import dev.scylla.core.ErrorKind;
import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentAdapterProvider;
import dev.scylla.core.agent.AgentException;
import dev.scylla.core.agent.ScriptedAgent;

/** The {@code scripted:FILE} runner: replays canned agent and judge results from a YAML file. */
public final class ScriptedAgentProvider implements AgentAdapterProvider {

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public String description() {
    return "replays the agent and judge results of a YAML file (scripted:FILE); needs no login";
  }

  @Override
  public boolean canJudge() {
    return true;
  }

  @Override
  public AgentAdapter create(String argument, Context context) {
    if (argument.isBlank()) {
      throw new AgentException(ErrorKind.INPUT, "scripted needs its file: use scripted:FILE", null);
    }
    return ScriptedAgent.load(context.resolve(argument));
  }
}
