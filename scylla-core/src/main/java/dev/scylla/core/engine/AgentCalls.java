package dev.scylla.core.engine;

import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentOutcome;
import dev.scylla.core.agent.AgentRequest;

/**
 * Calls an agent or judge adapter: waits out rate-limit pauses and retries after them, runs the
 * after-call hook (the credentials guard), and stops the experiment on a failed login.
 */
final class AgentCalls {
  private final StopControl stop;
  private final RateLimitGate gate;
  private final ExperimentListener listener;
  private final Runnable afterCall;

  AgentCalls(
      StopControl stop, RateLimitGate gate, ExperimentListener listener, Runnable afterCall) {
    this.stop = stop;
    this.gate = gate;
    this.listener = listener;
    this.afterCall = afterCall;
  }

  /**
   * The outcome of {@code request}, retried after every rate limit; {@code null} when the login
   * failed (the experiment is then stopping).
   *
   * @throws InterruptedException when the experiment stops before or while waiting
   */
  AgentOutcome call(AgentAdapter adapter, AgentRequest request) throws InterruptedException {
    String who = request.role() == AgentRequest.Role.AGENT ? "agent" : "judge";
    while (true) {
      gate.await();
      stop.throwIfRequested();
      AgentOutcome outcome = adapter.run(request);
      if (afterCall != null) {
        afterCall.run();
      }
      switch (FailureClassifier.classify(outcome)) {
        case AUTH -> {
          String detail = outcome.resultText().isBlank() ? outcome.stderr() : outcome.resultText();
          String message =
              "the "
                  + who
                  + "'s login failed ("
                  + EngineFiles.firstLine(detail)
                  + "): renew the Claude login (run `claude` and /login), then run the same"
                  + " command again to resume";
          stop.stop(ExperimentStatus.AUTH_FAILED, message);
          listener.authFailed(message);
          return null;
        }
        case RATE_LIMIT ->
            gate.limited(
                request.tierId() + "/" + request.subTestId(),
                who,
                outcome.resultText() + "\n" + outcome.stderr());
        default -> {
          return outcome;
        }
      }
    }
  }
}
