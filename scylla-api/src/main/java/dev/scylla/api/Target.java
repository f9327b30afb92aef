package dev.scylla.api;

import dev.scylla.core.engine.ExperimentOutcome;

/**
 * Where an {@link Experiment} runs: in this JVM ({@link #inProcess()}) or in Scylla's runner
 * container ({@link #container()}). Both end in the same {@link ExperimentOutcome} read from the
 * same results folder, so code that uses the outcome does not change with the target.
 *
 * <p>A target runs one experiment at a time; {@link #requestStop()} from another thread stops it
 * cleanly, leaving a resumable checkpoint.
 */
public interface Target {

  /**
   * Runs the experiment and blocks until it ends.
   *
   * @throws dev.scylla.core.ScyllaException when it cannot start or run; {@code kind()} says whose
   *     problem it is
   * @throws InterruptedException when stopped before the experiment started; stopped while it runs
   *     (by {@link #requestStop()} or an interrupt), it ends with status {@code INTERRUPTED}
   */
  ExperimentOutcome run(Experiment experiment) throws InterruptedException;

  /**
   * Asks the running experiment to stop: no new run starts, the checkpoint is written. A target
   * that was asked to stop starts nothing more.
   */
  void requestStop();

  /** The engine in this JVM: no Docker, the runners run as this process's user. */
  static InProcessTarget inProcess() {
    return new InProcessTarget();
  }

  /**
   * One runner container for the whole experiment, on the Docker engine of {@code DOCKER_HOST} or
   * the default socket, with the host's Claude login staged into it.
   */
  static ContainerTarget container() {
    return new ContainerTarget();
  }

  /**
   * A pod per run on a Kubernetes cluster, the experiment kept where this JVM runs; needs {@code
   * dev.scylla:scylla-kubernetes} on the class path.
   */
  static KubernetesTarget kubernetes() {
    return new KubernetesTarget();
  }
}
