package dev.scylla.api;

import dev.scylla.core.engine.ExperimentOutcome;

/**
 * Where a {@link Job} runs: in this JVM ({@link #inProcess()}), in Scylla's runner container
 * ({@link #container()}) or, an experiment's runs, as pods of a Kubernetes cluster ({@link
 * #kubernetes()}). A target is immutable settings: its setters return a new target, and one target
 * runs any number of jobs, one after another or at once. {@link #start(Job)} returns at once with
 * the job's handle; every kind of target ends an experiment in the same {@link ExperimentOutcome}
 * read from the same results folder, so code that uses the outcome does not change with the target.
 */
public interface Target {

  /**
   * Starts {@code job} and returns its handle: {@link JobHandle#await()} for the result, {@link
   * JobHandle#stop()} to stop it cleanly. What the job needs is checked when it starts to run;
   * failures come from {@code await()}.
   *
   * @throws InvalidInputException when this target does not run jobs of this kind
   */
  <R> JobHandle<R> start(Job<R> job);

  /**
   * Runs the experiment and waits for it: {@code start(Job.experiment(experiment)).await()}.
   *
   * @throws dev.scylla.core.ScyllaException when it cannot start or run; {@link
   *     Failures#kindOf(Throwable)} says whose problem it is
   * @throws InterruptedException when stopped before the experiment started; interrupted while it
   *     runs, it stops cleanly and ends with status {@code INTERRUPTED}
   */
  default ExperimentOutcome run(Experiment experiment) throws InterruptedException {
    return start(Job.experiment(experiment)).await();
  }

  /** The engine in this JVM: no Docker, the runners run as this process's user. */
  static InProcessTarget inProcess() {
    return InProcessTarget.DEFAULT;
  }

  /**
   * One runner container per job, on the Docker engine of {@code DOCKER_HOST} or the default
   * socket, with the host's Claude login staged into it.
   */
  static ContainerTarget container() {
    return ContainerTarget.DEFAULT;
  }

  /**
   * A pod per run on a Kubernetes cluster, the experiment kept where this JVM runs; needs {@code
   * dev.scylla:scylla-kubernetes} on the class path.
   */
  static KubernetesTarget kubernetes() {
    return KubernetesTarget.DEFAULT;
  }
}
