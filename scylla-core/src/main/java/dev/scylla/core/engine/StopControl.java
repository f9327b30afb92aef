package dev.scylla.core.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The experiment's stop: requested once (by the user, an expired login or a fatal error), it stops
 * every worker that registered itself, and keeps the status and message of the first request.
 */
final class StopControl {
  private final AtomicBoolean requested = new AtomicBoolean();
  private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
  private volatile ExperimentStatus status;
  private volatile String message;

  /** Stops the experiment, unless it was already stopped; interrupts the registered workers. */
  void stop(ExperimentStatus status, String message) {
    if (requested.compareAndSet(false, true)) {
      this.status = status;
      this.message = message;
      workers.forEach(Thread::interrupt);
    }
  }

  /** Whether a stop was requested. */
  boolean requested() {
    return requested.get();
  }

  /** Throws when a stop was requested, so a worker ends its run as unfinished. */
  void throwIfRequested() throws InterruptedException {
    if (requested.get()) {
      throw new InterruptedException("stopping");
    }
  }

  /** The status of the first stop request (null when none). */
  ExperimentStatus status() {
    return status;
  }

  /** The message of the first stop request (null when none). */
  String message() {
    return message;
  }

  /** Registers the calling thread as a worker that a stop interrupts. */
  void enter() {
    workers.add(Thread.currentThread());
  }

  /** Deregisters the calling thread and clears an interrupt a stop may have left on it. */
  void exit() {
    workers.remove(Thread.currentThread());
    Thread.interrupted();
  }
}
