package dev.scylla.core.agent;

/**
 * Runs an agent (or a judge) once. This is the extension point for custom runners: implement {@link
 * #run} to drive any agent, and hand the implementation to the experiment runner.
 *
 * <p>Contract: the call works in {@link AgentRequest#workingDirectory()}, respects {@link
 * AgentRequest#timeout()}, may write logs under {@link AgentRequest#logDirectory()}, and returns an
 * {@link AgentOutcome} for every call that ran, including failed ones ({@code isError}). An adapter
 * that knows why a call failed sets the outcome's {@link FailureKind} (login, rate limit, overload,
 * server error...); otherwise the engine recognises these from the outcome's text and stderr ("Not
 * logged in", "401", "rate limit", "resets 4pm (Europe/Berlin)"...). A judge request has no tools,
 * one turn and a system prompt ({@link AgentRequest#systemPrompt()}) that replaces the agent's own.
 * Implementations must be thread-safe: sub-tests run in parallel. When the thread is interrupted,
 * stop the agent and throw {@link InterruptedException}.
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

  /**
   * Whether the service this adapter's calls need answers now. The engine asks while it pauses for
   * an API that several calls in a row could not reach, and goes on when every adapter says yes. It
   * must be quick and cheap (no model call) and never throw for an unreachable service. The
   * default, for runners that call no service, is {@code true}.
   *
   * @throws InterruptedException when the experiment is being stopped
   */
  default boolean reachable() throws InterruptedException {
    return true;
  }
}
