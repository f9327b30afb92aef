package dev.scylla.core.engine;

import dev.scylla.core.model.RateLimitInfo;
import dev.scylla.core.results.CheckpointStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The experiment-wide rate-limit pause: one call that meets a rate limit pauses every worker until
 * the reset time (or a fallback pause), and the checkpoint shows it.
 */
final class RateLimitGate {
  private final CheckpointStore checkpoint;
  private final ExperimentListener listener;
  private final StopControl stop;
  private final Clock clock;
  private final Duration fallbackPause;
  private final Object lock = new Object();
  private final Map<String, RateLimitInfo> bySubTest = new ConcurrentHashMap<>();
  private volatile Instant pauseUntil = Instant.EPOCH;

  RateLimitGate(
      CheckpointStore checkpoint,
      ExperimentListener listener,
      StopControl stop,
      Clock clock,
      Duration fallbackPause) {
    this.checkpoint = checkpoint;
    this.listener = listener;
    this.stop = stop;
    this.clock = clock;
    this.fallbackPause = fallbackPause;
  }

  /**
   * Records a rate limit met by {@code source} ({@code agent} or {@code judge}) in sub-test {@code
   * subTestKey}, and pauses every worker for as long as {@code text} says (or the fallback).
   */
  void limited(String subTestKey, String source, String text) {
    Duration pause = FailureClassifier.pauseFor(text, clock, fallbackPause);
    Instant now = clock.instant();
    Instant until = now.plus(pause);
    String message = EngineFiles.firstLine(text);
    synchronized (lock) {
      if (until.isAfter(pauseUntil)) {
        pauseUntil = until;
        checkpoint.update(c -> c.pausedForRateLimit(source, until, clock.instant()));
        listener.rateLimitPaused(pause, until, message);
      }
    }
    bySubTest.put(subTestKey, new RateLimitInfo(source, pause.toMillis() / 1000.0, message, now));
  }

  /** The last rate limit met in a sub-test, or null. */
  RateLimitInfo lastIn(String subTestKey) {
    return bySubTest.get(subTestKey);
  }

  /** Blocks while a pause is on; marks the checkpoint running again when it ends. */
  void await() throws InterruptedException {
    boolean paused = false;
    while (true) {
      stop.throwIfRequested();
      long ms = Duration.between(clock.instant(), pauseUntil).toMillis();
      if (ms <= 0) {
        break;
      }
      paused = true;
      Thread.sleep(Math.min(ms, 200));
    }
    if (paused) {
      synchronized (lock) {
        if (checkpoint.get().status() == CheckpointStatus.PAUSED_RATE_LIMIT
            && !clock.instant().isBefore(pauseUntil)) {
          checkpoint.status(CheckpointStatus.RUNNING);
        }
      }
    }
  }
}
