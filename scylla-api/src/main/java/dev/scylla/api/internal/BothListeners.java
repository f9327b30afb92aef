package dev.scylla.api.internal;

import dev.scylla.core.engine.ExperimentListener;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.model.TierResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** Hands every event to two listeners, the first first. */
public record BothListeners(ExperimentListener first, ExperimentListener second)
    implements ExperimentListener {

  @Override
  public void experimentStarted(String experimentId, Path dir, int totalRuns, int done) {
    first.experimentStarted(experimentId, dir, totalRuns, done);
    second.experimentStarted(experimentId, dir, totalRuns, done);
  }

  @Override
  public void runStarted(TierId tier, String subTestId, int runNumber) {
    first.runStarted(tier, subTestId, runNumber);
    second.runStarted(tier, subTestId, runNumber);
  }

  @Override
  public void runFinished(TierId tier, String subTestId, RunResult result) {
    first.runFinished(tier, subTestId, result);
    second.runFinished(tier, subTestId, result);
  }

  @Override
  public void subTestFinished(SubTestResult result) {
    first.subTestFinished(result);
    second.subTestFinished(result);
  }

  @Override
  public void tierFinished(TierResult result) {
    first.tierFinished(result);
    second.tierFinished(result);
  }

  @Override
  public void rateLimitPaused(Duration pause, Instant until, String message) {
    first.rateLimitPaused(pause, until, message);
    second.rateLimitPaused(pause, until, message);
  }

  @Override
  public void budgetExhausted(double spentUsd, double limitUsd) {
    first.budgetExhausted(spentUsd, limitUsd);
    second.budgetExhausted(spentUsd, limitUsd);
  }

  @Override
  public void authFailed(String message) {
    first.authFailed(message);
    second.authFailed(message);
  }

  @Override
  public void apiUnreachable(Instant since, Duration nextTry, String message) {
    first.apiUnreachable(since, nextTry, message);
    second.apiUnreachable(since, nextTry, message);
  }

  @Override
  public void apiReachable(Duration downFor) {
    first.apiReachable(downFor);
    second.apiReachable(downFor);
  }

  @Override
  public void apiOutageTooLong(String message) {
    first.apiOutageTooLong(message);
    second.apiOutageTooLong(message);
  }

  @Override
  public void runAwaitingJudgment(TierId tier, String subTestId, int runNumber) {
    first.runAwaitingJudgment(tier, subTestId, runNumber);
    second.runAwaitingJudgment(tier, subTestId, runNumber);
  }
}
