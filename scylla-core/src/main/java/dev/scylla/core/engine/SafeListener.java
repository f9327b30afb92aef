package dev.scylla.core.engine;

import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.model.TierResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Forwards events to a listener; a listener that throws is logged, never ends the experiment. */
final class SafeListener implements ExperimentListener {
  private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);
  private final ExperimentListener delegate;

  SafeListener(ExperimentListener delegate) {
    this.delegate = delegate;
  }

  private void guard(String event, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("progress listener failed on {}: {}", event, e.toString());
    }
  }

  @Override
  public void experimentStarted(String experimentId, Path experimentDir, int totalRuns, int done) {
    guard(
        "experimentStarted",
        () -> delegate.experimentStarted(experimentId, experimentDir, totalRuns, done));
  }

  @Override
  public void runStarted(TierId tier, String subTestId, int runNumber) {
    guard("runStarted", () -> delegate.runStarted(tier, subTestId, runNumber));
  }

  @Override
  public void runFinished(TierId tier, String subTestId, RunResult result) {
    guard("runFinished", () -> delegate.runFinished(tier, subTestId, result));
  }

  @Override
  public void subTestFinished(SubTestResult result) {
    guard("subTestFinished", () -> delegate.subTestFinished(result));
  }

  @Override
  public void tierFinished(TierResult result) {
    guard("tierFinished", () -> delegate.tierFinished(result));
  }

  @Override
  public void rateLimitPaused(Duration pause, Instant until, String message) {
    guard("rateLimitPaused", () -> delegate.rateLimitPaused(pause, until, message));
  }

  @Override
  public void budgetExhausted(double spentUsd, double limitUsd) {
    guard("budgetExhausted", () -> delegate.budgetExhausted(spentUsd, limitUsd));
  }

  @Override
  public void authFailed(String message) {
    guard("authFailed", () -> delegate.authFailed(message));
  }

  @Override
  public void apiUnreachable(Instant since, Duration nextTry, String message) {
    guard("apiUnreachable", () -> delegate.apiUnreachable(since, nextTry, message));
  }

  @Override
  public void apiReachable(Duration downFor) {
    guard("apiReachable", () -> delegate.apiReachable(downFor));
  }

  @Override
  public void apiOutageTooLong(String message) {
    guard("apiOutageTooLong", () -> delegate.apiOutageTooLong(message));
  }

  @Override
  public void runAwaitingJudgment(TierId tier, String subTestId, int runNumber) {
    guard("runAwaitingJudgment", () -> delegate.runAwaitingJudgment(tier, subTestId, runNumber));
  }
}
