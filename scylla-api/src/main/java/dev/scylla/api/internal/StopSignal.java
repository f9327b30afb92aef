package dev.scylla.api.internal;

import dev.scylla.core.engine.ExperimentRunner;
import java.util.concurrent.atomic.AtomicReference;

/** A stop asked for before or while an experiment runs: handed to its runner once there is one. */
public final class StopSignal {
  private final AtomicReference<ExperimentRunner> running = new AtomicReference<>();
  private volatile boolean requested;

  /** Asks the running experiment (or the next one) to stop. */
  public void request() {
    requested = true;
    ExperimentRunner runner = running.get();
    if (runner != null) {
      runner.requestStop();
    }
  }

  /** The runner now running, stopped at once when a stop was asked for before. */
  void attach(ExperimentRunner runner) {
    running.set(runner);
    if (requested) {
      runner.requestStop();
    }
  }

  /** No runner runs any more. */
  void detach() {
    running.set(null);
  }
}
