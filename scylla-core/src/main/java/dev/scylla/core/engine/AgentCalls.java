package dev.scylla.core.engine;

import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentOutcome;
import dev.scylla.core.agent.AgentRequest;
import dev.scylla.core.agent.FailureKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls an agent or judge adapter: waits out rate-limit pauses and retries after them, retries
 * infrastructure errors (API overloaded, server error) a bounded number of times, runs the
 * after-call hook (the credentials guard), and stops the experiment on a failed login.
 */
final class AgentCalls {
  private static final Logger LOG = LoggerFactory.getLogger(AgentCalls.class);

  private final StopControl stop;
  private final RateLimitGate gate;
  private final ExperimentListener listener;
  private final Runnable afterCall;
  private final int infraRetries;

  AgentCalls(
      StopControl stop,
      RateLimitGate gate,
      ExperimentListener listener,
      Runnable afterCall,
      int infraRetries) {
    this.stop = stop;
    this.gate = gate;
    this.listener = listener;
    this.afterCall = afterCall;
    this.infraRetries = infraRetries;
  }

  /**
   * The outcome of {@code request}, with its {@link FailureKind}: retried after every rate limit,
   * and up to {@code infraRetries} times after an infrastructure error; {@code null} when the login
   * failed (the experiment is then stopping).
   *
   * @throws InterruptedException when the experiment stops before or while waiting
   */
  AgentOutcome call(AgentAdapter adapter, AgentRequest request) throws InterruptedException {
    String who = request.role() == AgentRequest.Role.AGENT ? "agent" : "judge";
    int infraFailures = 0;
    while (true) {
      gate.await();
      stop.throwIfRequested();
      AgentOutcome outcome = adapter.run(request);
      if (afterCall != null) {
        afterCall.run();
      }
      FailureKind kind = FailureClassifier.classify(outcome);
      switch (kind) {
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
        case OVERLOADED, SERVER_ERROR -> {
          if (infraFailures >= infraRetries) {
            return outcome.withFailureKind(kind);
          }
          infraFailures++;
          // 1 s, 2 s, 4 s... at most 30 s: the service often recovers within seconds.
          long backoff = Math.min(30_000L, 1000L << Math.min(infraFailures - 1, 5));
          LOG.warn(
              "{} {}/{} run {}: {} ({}); retry {} of {} in {} s",
              who,
              request.tierId(),
              request.subTestId(),
              request.runNumber(),
              kind,
              EngineFiles.firstLine(outcome.resultText()),
              infraFailures,
              infraRetries,
              backoff / 1000);
          Thread.sleep(backoff);
        }
        default -> {
          return outcome.withFailureKind(kind);
        }
      }
    }
  }
}
