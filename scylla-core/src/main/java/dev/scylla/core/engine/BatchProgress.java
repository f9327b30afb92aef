package dev.scylla.core.engine;

import java.time.Duration;
import java.util.Locale;

/**
 * Where a batch stands: tests and runs done of their totals, the agent cost so far, and an estimate
 * of the time left from the runs of this session.
 *
 * @param testsDone tests that ended (finished, skipped or failed)
 * @param testsTotal tests of the batch
 * @param runsDone runs finished, reused ones included
 * @param runsTotal runs the started tests plan
 * @param costUsd agent cost so far, earlier sessions included
 * @param timeLeft the estimate of the time left, or null before the first run of this session
 */
public record BatchProgress(
    int testsDone, int testsTotal, int runsDone, int runsTotal, double costUsd, Duration timeLeft) {

  /** The progress as one line, e.g. {@code tests 1/4, runs 7/12, $0.4200, about 3m left}. */
  public String line() {
    String eta = timeLeft == null ? "time left unknown" : "about " + words(timeLeft) + " left";
    return String.format(
        Locale.ROOT,
        "Batch: tests %d/%d, runs %d/%d, $%.4f, %s",
        testsDone,
        testsTotal,
        runsDone,
        runsTotal,
        costUsd,
        eta);
  }

  private static String words(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m";
    }
    return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
  }
}
