package dev.scylla.core.engine;

import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentOutcome;
import dev.scylla.core.agent.AgentRequest;
import dev.scylla.core.agent.FailureKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls an agent or judge adapter: waits out rate-limit pauses and outages and calls again after
 * them, retries infrastructure errors (the API unreachable, timing out, overloaded or failing) a
 * bounded number of times, runs the after-call hook (the credentials guard), and stops the
 * experiment on a failed login.
 */
final class AgentCalls {
  private static final Logger LOG = LoggerFactory.getLogger(AgentCalls.class);

  /**
   * Makes the request of one attempt. Attempt 0 is the first call; a later one follows a failure
   * that was not the agent's (a rate limit, the API unreachable), so an agent gets a fresh
   * workspace for it.
   */
  @FunctionalInterface
  interface Attempt {
    /**
     * The request of attempt {@code n}.
     *
     * @throws InterruptedException when the experiment stops while it is prepared
     */
    AgentRequest prepare(int n) throws InterruptedException;
  }

  private final StopControl stop;
  private final RateLimitGate gate;
  private final OutageGate outage;
  private final ExperimentListener listener;
  private final Runnable afterCall;
  private final int infraRetries;

  AgentCalls(
      StopControl stop,
      RateLimitGate gate,
      OutageGate outage,
      ExperimentListener listener,
      Runnable afterCall,
      int infraRetries) {
    this.stop = stop;
    this.gate = gate;
    this.outage = outage;
    this.listener = listener;
    this.afterCall = afterCall;
    this.infraRetries = infraRetries;
  }

  /** {@link #call(AgentAdapter, Attempt)} with the same request on every attempt. */
  AgentOutcome call(AgentAdapter adapter, AgentRequest request) throws InterruptedException {
    return call(adapter, n -> request);
  }

  /**
   * The outcome of the call, with its {@link FailureKind}: called again after every rate limit and
   * every outage, and up to {@code infraRetries} times after an infrastructure error met outside an
   * outage (with a backoff of 1 s, 2 s, 4 s... at most 30 s); {@code null} when the login failed
   * (the experiment is then stopping). An outcome whose kind is {@link
   * FailureKind#infrastructure()} never reached the model.
   *
   * @throws InterruptedException when the experiment stops before or while waiting
   */
  AgentOutcome call(AgentAdapter adapter, Attempt attempt) throws InterruptedException {
    int infraFailures = 0;
    int n = 0;
    while (true) {
      gate.await();
      outage.await();
      stop.throwIfRequested();
      AgentRequest request = attempt.prepare(n++);
      String who = request.role() == AgentRequest.Role.AGENT ? "agent" : "judge";
      AgentOutcome outcome = adapter.run(request);
      if (afterCall != null) {
        afterCall.run();
      }
      FailureKind kind = FailureClassifier.classify(outcome);
      if (!kind.infrastructure()) {
        outage.answered();
      }
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
        case OVERLOADED, SERVER_ERROR, CONNECTION, API_TIMEOUT -> {
          String first = EngineFiles.firstLine(outcome.resultText());
          if (outage.failed(first)) {
            LOG.info(
                "{} {}/{} run {}: {} during the outage; runs again once the API answers",
                who,
                request.tierId(),
                request.subTestId(),
                request.runNumber(),
                kind);
            continue;
          }
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
              first,
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
