package dev.scylla.api;

/**
 * A started {@link Job}: wait for its result, or stop it. Stopping is clean: an experiment writes
 * its checkpoint and ends with status {@code INTERRUPTED}, resumable by running the same job again.
 *
 * @param <R> what the job ends in
 */
public interface JobHandle<R> {

  /**
   * Waits for the job to end and returns its result. An interrupt of the waiting thread stops the
   * job, waits for it to end cleanly and returns what it ended in, with the thread's interrupt flag
   * set again.
   *
   * @throws dev.scylla.core.ScyllaException (and the other libraries' exceptions) when the job
   *     failed; {@code Failures.kindOf} says whose problem it is
   * @throws InterruptedException when the job was stopped before it started any work
   */
  R await() throws InterruptedException;

  /**
   * Asks the job to stop: no new work starts, the checkpoint is written. Returns at once; {@link
   * #await()} returns when the job has ended. Stopping a job that ended does nothing.
   */
  void stop();

  /** Whether the job has ended (with a result, a failure or a stop). */
  boolean isDone();

  /** The job's label. */
  String label();
}
