package dev.scylla.core.agent;

/**
 * Runs an agent (or a judge) once. This is the extension point for custom runners: implement {@link
 * #run} to drive any agent, and hand the implementation to the experiment runner.
 *
 * <p>Contract: the call works in {@link AgentRequest#workingDirectory()}, respects {@link
 * AgentRequest#timeout()}, may write logs under {@link AgentRequest#logDirectory()}, and returns an
 * {@link AgentOutcome} for every call that ran, including failed ones ({@code isError}). Login and
 * rate-limit problems are recognised by the engine from the outcome's text and stderr ("Not logged
 * in", "401", "rate limit", "resets 4pm (Europe/Berlin)"...), so an adapter only has to report them
 * as it received them. Implementations must be thread-safe: sub-tests run in parallel. When the
 * thread is interrupted, stop the agent and throw {@link InterruptedException}.
 */
public interface AgentAdapter {

  /**
   * Runs one call and returns its outcome.
   *
   * @throws InterruptedException when the experiment is being stopped
   * @throws AgentException when the call could not be started at all
   */
  AgentOutcome run(AgentRequest request) throws InterruptedException;

  /** Short name recorded in results, e.g. {@code claude-code}. */
  String name();
}
