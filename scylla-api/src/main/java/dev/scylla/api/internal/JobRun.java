package dev.scylla.api.internal;

import dev.scylla.api.JobHandle;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A job running on a thread of its own: the handle every target returns. The work registers what
 * stops it ({@link Stopping#onStop}) as it gets there; a stop asked for before that runs it as soon
 * as it is registered.
 *
 * @param <R> what the job ends in
 */
public final class JobRun<R> implements JobHandle<R> {

  /** The work of a job; it gets the job's stop control. */
  @FunctionalInterface
  public interface Work<R> {
    /** Does the work. */
    R run(Stopping stopping) throws Exception;
  }

  /** What the work sees of stopping. */
  public static final class Stopping {
    private final AtomicReference<Runnable> action = new AtomicReference<>();
    private volatile boolean requested;

    /**
     * {@code stop} stops the work from now on (replacing what stopped it before); run at once when
     * a stop was asked for already.
     */
    public void onStop(Runnable stop) {
      action.set(Objects.requireNonNull(stop, "stop"));
      if (requested) {
        stop.run();
      }
    }

    /** Whether a stop was asked for. */
    public boolean requested() {
      return requested;
    }

    void request() {
      requested = true;
      Runnable stop = action.get();
      if (stop != null) {
        stop.run();
      }
    }
  }

  private final String label;
  private final Stopping stopping = new Stopping();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile R result;
  private volatile Throwable failure;

  private JobRun(String label) {
    this.label = label;
  }

  /** Starts {@code work} on a new thread named after the job. */
  public static <R> JobRun<R> start(String label, Work<R> work) {
    JobRun<R> run = new JobRun<>(label);
    Thread thread =
        new Thread(
            () -> {
              try {
                run.result = work.run(run.stopping);
              } catch (Throwable t) {
                run.failure = t;
              } finally {
                run.done.countDown();
              }
            },
            "scylla-job-" + label);
    thread.start();
    return run;
  }

  @Override
  public R await() throws InterruptedException {
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        // Stopped like Ctrl-C stops it: the job checkpoints, then says how it ended.
        interrupted = true;
        stop();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable t = failure;
    if (t == null) {
      return result;
    }
    if (t instanceof InterruptedException ie) {
      InterruptedException copy = new InterruptedException(ie.getMessage());
      copy.initCause(ie);
      throw copy;
    }
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t instanceof Error err) {
      throw err;
    }
    throw new IllegalStateException("the job " + label + " failed: " + t.getMessage(), t);
  }

  @Override
  public void stop() {
    if (done.getCount() > 0) {
      stopping.request();
    }
  }

  @Override
  public boolean isDone() {
    return done.getCount() == 0;
  }

  @Override
  public String label() {
    return label;
  }
}
