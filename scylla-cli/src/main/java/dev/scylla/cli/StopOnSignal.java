package dev.scylla.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * While open, SIGINT/SIGTERM asks the work under way to stop and holds the JVM's exit until that
 * work has ended (at most {@code grace}), so that its checkpoint and clean-up are written.
 *
 * <p>Used with try-with-resources around the one call that does the work; closing it releases a
 * hook that is already running and removes one that never ran.
 */
final class StopOnSignal implements AutoCloseable {

  /** How long a signalled exit waits for the work to end when no other grace is given. */
  static final Duration DEFAULT_GRACE = Duration.ofSeconds(60);

  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;

  private StopOnSignal(Runnable requestStop, Duration grace, String name) {
    this.hook =
        new Thread(
            () -> {
              requestStop.run();
              try {
                finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Installs the hook: on a signal, {@code requestStop} runs, then the exit waits for close(). */
  static StopOnSignal install(Runnable requestStop) {
    return new StopOnSignal(requestStop, DEFAULT_GRACE, "scylla-stop");
  }

  /**
   * As {@link #install(Runnable)}, waiting at most {@code grace}, on a thread named {@code name}.
   */
  static StopOnSignal install(Runnable requestStop, Duration grace, String name) {
    return new StopOnSignal(requestStop, grace, name);
  }

  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running: it waits for the latch released above.
    }
  }
}
