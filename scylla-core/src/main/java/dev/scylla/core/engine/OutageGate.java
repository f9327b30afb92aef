package dev.scylla.core.engine;

import dev.scylla.core.results.CheckpointStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The experiment-wide pause for an API that cannot be reached. After {@link #THRESHOLD}
 * infrastructure failures in a row (connection refused, DNS, TLS, timeouts, 5xx, 529), no new call
 * starts: one waiting worker probes the API ({@link ApiProbe}, no model call) after a delay that
 * doubles up to {@link #MAX_PROBE_DELAY}, and every worker goes on when it answers. An outage that
 * lasts longer than the longest one the experiment waits out stops the experiment ({@link
 * ExperimentStatus#API_UNREACHABLE}); the checkpoint keeps it resumable. A call that met the outage
 * is neither scored nor counted against its infrastructure retries: it runs again after the pause.
 */
final class OutageGate {
  private static final Logger LOG = LoggerFactory.getLogger(OutageGate.class);
  private static final DateTimeFormatter HOURS_MINUTES = DateTimeFormatter.ofPattern("HH:mm");

  /** Infrastructure failures in a row, with no call answered in between, that pause the calls. */
  static final int THRESHOLD = 3;

  /** The longest delay between two probes. */
  static final Duration MAX_PROBE_DELAY = Duration.ofSeconds(60);

  private final StopControl stop;
  private final ExperimentListener listener;
  private final CheckpointStore checkpoint;
  private final Clock clock;
  private final ApiProbe probe;
  private final Duration firstProbeDelay;
  private final Duration maxOutage;
  private final Object lock = new Object();

  private int failuresInRow;
  private Instant since;
  private Instant nextProbe;
  private Duration delay;
  private boolean probing;

  OutageGate(
      StopControl stop,
      ExperimentListener listener,
      CheckpointStore checkpoint,
      Clock clock,
      ApiProbe probe,
      Duration firstProbeDelay,
      Duration maxOutage) {
    this.stop = stop;
    this.listener = listener;
    this.checkpoint = checkpoint;
    this.clock = clock;
    this.probe = probe;
    this.firstProbeDelay = firstProbeDelay;
    this.maxOutage = maxOutage;
  }

  /**
   * Counts an infrastructure failure; the {@link #THRESHOLD}-th in a row pauses every new call.
   *
   * @return whether the calls are paused now, so the failed call waits and runs again without
   *     spending a retry
   */
  boolean failed(String message) {
    synchronized (lock) {
      failuresInRow++;
      if (since == null && failuresInRow >= THRESHOLD) {
        Instant now = clock.instant();
        since = now;
        delay = firstProbeDelay;
        nextProbe = now.plus(delay);
        LOG.warn(
            "{} calls in a row could not reach the API ({}); pausing new calls",
            failuresInRow,
            message);
        checkpoint.update(c -> c.pausedForOutage(now, clock.instant()));
        listener.apiUnreachable(now, delay, message);
      }
      return since != null;
    }
  }

  /** Counts a call the API answered (whatever its answer): the failures in a row start again. */
  void answered() {
    synchronized (lock) {
      failuresInRow = 0;
      if (since != null) {
        resume();
      }
    }
  }

  /** Whether new calls are paused. */
  boolean paused() {
    synchronized (lock) {
      return since != null;
    }
  }

  /**
   * Blocks while the calls are paused: probes the API when it is this worker's turn, stops the
   * experiment when the outage outlasts the longest one it waits out.
   *
   * @throws InterruptedException when the experiment stops (Ctrl-C at once, or the outage too long)
   */
  void await() throws InterruptedException {
    while (true) {
      stop.throwIfRequested();
      boolean probeNow;
      synchronized (lock) {
        if (since == null) {
          return;
        }
        Instant now = clock.instant();
        if (!Duration.between(since, now).minus(maxOutage).isNegative()) {
          String message =
              "the API has been unreachable since "
                  + clock(since)
                  + " ("
                  + minutes(maxOutage)
                  + " or longer); nothing was scored from the outage: run the same command again"
                  + " to resume once it answers";
          stop.stop(ExperimentStatus.API_UNREACHABLE, message);
          listener.apiOutageTooLong(message);
          throw new InterruptedException(message);
        }
        probeNow = !probing && !now.isBefore(nextProbe);
        if (probeNow) {
          probing = true;
        }
      }
      if (probeNow) {
        boolean up = false;
        try {
          up = probe.reachable();
        } finally {
          synchronized (lock) {
            probing = false;
            if (since != null) {
              if (up) {
                resume();
              } else {
                delay = min(delay.multipliedBy(2), MAX_PROBE_DELAY);
                nextProbe = clock.instant().plus(delay);
                listener.apiUnreachable(since, delay, "the API still does not answer");
              }
            }
          }
        }
        continue;
      }
      Thread.sleep(100);
    }
  }

  private void resume() {
    Instant now = clock.instant();
    Duration down = Duration.between(since, now);
    LOG.info("the API answers again after {} s; calls go on", down.toSeconds());
    since = null;
    failuresInRow = 0;
    probing = false;
    checkpoint.update(
        c ->
            c.status() == CheckpointStatus.PAUSED_API_UNREACHABLE
                ? c.withStatus(CheckpointStatus.RUNNING, now)
                : c);
    listener.apiReachable(down);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** {@code 12:04}, in the local time zone of this process. */
  static String clock(Instant at) {
    return LocalTime.ofInstant(at, ZoneId.systemDefault()).format(HOURS_MINUTES);
  }

  private static String minutes(Duration d) {
    long s = d.toSeconds();
    return s % 60 == 0 ? s / 60 + " min" : s + " s";
  }
}
