package dev.scylla.api.internal;

import dev.scylla.api.Progress;
import dev.scylla.core.engine.ExperimentListener;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.model.TierResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Turns the engine's events into {@link Progress} reports: counts runs, passes and cost, and words
 * each event as one line. Thread-safe: the engine calls it from its workers.
 */
public final class ProgressTracker implements ExperimentListener {
  private static final DateTimeFormatter HOURS_MINUTES = DateTimeFormatter.ofPattern("HH:mm");

  private final Consumer<Progress> sink;
  private String experimentDir;
  private int runsDone;
  private int runsTotal;
  private int passed;
  private double costUsd;

  /** A tracker that hands every report to {@code sink}. */
  public ProgressTracker(Consumer<Progress> sink) {
    this.sink = sink;
  }

  @Override
  public synchronized void experimentStarted(
      String experimentId, Path dir, int totalRuns, int done) {
    experimentDir = dir.toString();
    runsTotal = totalRuns;
    runsDone = done;
    String resumed = done > 0 ? String.format(Locale.ROOT, " (resuming: %d done)", done) : "";
    emit(
        "started",
        "Experiment " + experimentId + ": " + totalRuns + " runs" + resumed + " -> " + dir);
  }

  @Override
  public synchronized void runStarted(TierId tier, String subTestId, int runNumber) {
    emit("run-started", tier + "/" + subTestId + " run " + runNumber + " started");
  }

  @Override
  public synchronized void runFinished(TierId tier, String subTestId, RunResult result) {
    runsDone++;
    if (result.judgePassed()) {
      passed++;
    }
    if (result.costUsd() != null) {
      costUsd += result.costUsd();
    }
    String verdict =
        result.error() != null
            ? "ERROR (" + result.error() + ")"
            : (result.judgePassed() ? "PASS" : "FAIL")
                + " (score: "
                + (result.judgeScore() == null
                    ? "n/a"
                    : String.format(Locale.ROOT, "%.3f", result.judgeScore()))
                + ", cost: "
                + money(result.costUsd())
                + ")";
    emit("run", tier + "/" + subTestId + " run " + result.runNumber() + ": " + verdict);
  }

  @Override
  public synchronized void tierFinished(TierResult result) {
    emit(
        "tier",
        result.tierId()
            + " finished: best sub-test "
            + (result.bestSubtest() == null ? "none" : result.bestSubtest()));
  }

  @Override
  public synchronized void rateLimitPaused(Duration pause, Instant until, String message) {
    emit(
        "notice",
        "Rate limited: every worker pauses for "
            + pause.toSeconds()
            + "s (until "
            + until
            + "): "
            + message);
  }

  @Override
  public synchronized void budgetExhausted(double spentUsd, double limitUsd) {
    emit(
        "notice",
        String.format(
            Locale.ROOT,
            "Budget reached: $%.4f of $%.4f spent, no new run starts",
            spentUsd,
            limitUsd));
  }

  @Override
  public synchronized void authFailed(String message) {
    emit("notice", "Login failed, stopping: " + message);
  }

  @Override
  public synchronized void apiUnreachable(Instant since, Duration nextTry, String message) {
    emit(
        "notice",
        "API unreachable since "
            + LocalTime.ofInstant(since, ZoneId.systemDefault()).format(HOURS_MINUTES)
            + ", next try in "
            + Math.max(1, Math.round(nextTry.toMillis() / 1000.0))
            + " s: "
            + message);
  }

  @Override
  public synchronized void apiReachable(Duration downFor) {
    emit("notice", "API reachable again after " + downFor.toSeconds() + " s; runs go on");
  }

  @Override
  public synchronized void runAwaitingJudgment(TierId tier, String subTestId, int runNumber) {
    runsDone++;
    emit("run", tier + "/" + subTestId + " run " + runNumber + ": agent done, awaiting judgment");
  }

  /** The last report: how the experiment ended ({@code status}) and what to do next. */
  public synchronized void finished(String status, String message) {
    sink.accept(
        new Progress(
            Progress.FINISHED,
            message == null || message.isBlank() ? status.toLowerCase(Locale.ROOT) : message,
            experimentDir,
            runsDone,
            runsTotal,
            passed,
            costUsd,
            status));
  }

  private void emit(String kind, String message) {
    sink.accept(new Progress(kind, message, experimentDir, runsDone, runsTotal, passed, costUsd));
  }

  static String money(Double usd) {
    return usd == null ? "unknown" : String.format(Locale.ROOT, "$%.4f", usd);
  }
}
