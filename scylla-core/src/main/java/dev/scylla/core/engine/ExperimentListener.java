package dev.scylla.core.engine;

import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.model.TierResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Progress of an experiment; the library never prints, a CLI renders these. Called from worker
 * threads, possibly concurrently: implementations must be thread-safe and quick. Every method has
 * an empty default.
 */
public interface ExperimentListener {

  /** A listener that ignores everything. */
  ExperimentListener NONE = new ExperimentListener() {};

  /** The experiment starts (or resumes) in {@code experimentDir}; {@code done} runs are reused. */
  default void experimentStarted(
      String experimentId, Path experimentDir, int totalRuns, int done) {}

  /** A run starts its agent. */
  default void runStarted(TierId tier, String subTestId, int runNumber) {}

  /** A run finished: agent and judges done; score and cost are in {@code result}. */
  default void runFinished(TierId tier, String subTestId, RunResult result) {}

  /** Every run of a sub-test finished. */
  default void subTestFinished(SubTestResult result) {}

  /** Every sub-test of a tier finished. */
  default void tierFinished(TierResult result) {}

  /** Every worker pauses for a rate limit until {@code until}. */
  default void rateLimitPaused(Duration pause, Instant until, String message) {}

  /** The agent cost reached the budget: no new run will start. */
  default void budgetExhausted(double spentUsd, double limitUsd) {}

  /** A call failed on its login: the experiment stops. */
  default void authFailed(String message) {}

  /**
   * No new call starts: the API has been unreachable since {@code since}; the next probe is in
   * {@code nextTry}. Called when the pause begins and after every probe that failed.
   */
  default void apiUnreachable(Instant since, Duration nextTry, String message) {}

  /** The API answers again after {@code downFor}: calls go on. */
  default void apiReachable(Duration downFor) {}

  /** The API stayed unreachable too long: the experiment stops, resumable. */
  default void apiOutageTooLong(String message) {}

  /** A run's agent finished and the run now awaits judgment (judging was not asked for). */
  default void runAwaitingJudgment(TierId tier, String subTestId, int runNumber) {}
}
