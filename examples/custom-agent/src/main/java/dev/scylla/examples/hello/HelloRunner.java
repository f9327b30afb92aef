package dev.scylla.examples.hello;

import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentAdapterProvider;

/**
 * The {@code hello} runner: {@code --agent hello}. Listed in {@code
 * META-INF/services/dev.scylla.core.agent.AgentAdapterProvider}, so Scylla finds it in the jar.
 */
public final class HelloRunner implements AgentAdapterProvider {

  @Override
  public String name() {
    return "hello";
  }

  @Override
  public String description() {
    return "writes hello.py into the workspace (an example runner)";
  }

  @Override
  public AgentAdapter create(String argument, Context context) {
    return new HelloAgent(context.environment().getOrDefault("SCYLLA_IN_CONTAINER", ""));
  }
}
