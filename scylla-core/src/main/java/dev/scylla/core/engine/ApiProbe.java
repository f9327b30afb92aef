package dev.scylla.core.engine;

/**
 * Asks whether the API the experiment's calls need answers now, without a model call. The engine
 * probes while it pauses for an unreachable API; by default it asks the agent's and the judges'
 * adapters ({@link dev.scylla.core.agent.AgentAdapter#reachable()}).
 */
@FunctionalInterface
public interface ApiProbe {

  /**
   * Whether the API answers now; never throws for an API that cannot be reached.
   *
   * @throws InterruptedException when the experiment is being stopped
   */
  boolean reachable() throws InterruptedException;
}
