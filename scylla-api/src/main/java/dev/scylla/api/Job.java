package dev.scylla.api;

import java.nio.file.Path;
import java.util.List;

/**
 * A unit of work a {@link Target} runs: an immutable value of one of a few kinds, each with a typed
 * result. A job states what it needs from wherever it runs: the host paths it reads and writes and
 * whether a Claude login must be staged. {@link Target#start(Job)} starts it and returns a {@link
 * JobHandle}; a container target sends the job into its runner container as a JSON document.
 *
 * <ul>
 *   <li>{@link ExperimentJob}: an experiment, ending in an {@code ExperimentOutcome};
 *   <li>{@link BatchJob}: several tests as one batch, ending in a {@link BatchOutcome};
 *   <li>{@link RejudgeJob}: an experiment's kept workspaces judged again, ending in a {@link
 *       RejudgeOutcome};
 *   <li>{@link ShellJob}: an interactive shell (or one command) in a named, long-lived runner
 *       container, ending in its exit code.
 * </ul>
 *
 * <p>A run of one sub-test on a cluster is a {@link RunJob}, which the Kubernetes target makes for
 * each run of an experiment job and a pod's {@link PodRun} executes.
 *
 * @param <R> what the job ends in
 */
public sealed interface Job<R> permits ExperimentJob, BatchJob, RejudgeJob, ShellJob {

  /** A short name for logs, container names and progress: the experiment's id or folder, ... */
  String label();

  /**
   * The host paths the job reads, to be visible where it runs. May load the fixture to find them.
   *
   * @throws dev.scylla.core.ScyllaException when the job's input cannot be read
   */
  List<Path> readPaths();

  /** The host paths the job writes (results), created when missing. */
  List<Path> writePaths();

  /**
   * Whether a runner of the job needs the Claude login (the agent or the judges run Claude Code).
   *
   * @throws dev.scylla.core.ScyllaException when the job's input cannot be read
   */
  boolean needsLogin();

  /**
   * What the job needs from where it runs: the host paths it reads, and whether a runner needs the
   * Claude login.
   *
   * @param readPaths the host paths the job reads
   * @param needsLogin whether the agent or the judges run Claude Code
   */
  record Needs(List<Path> readPaths, boolean needsLogin) {
    /** Copies the list. */
    public Needs {
      readPaths = List.copyOf(readPaths);
    }
  }

  /**
   * {@link #readPaths()} and {@link #needsLogin()} at once, for a job whose input is read once for
   * both (an experiment's or a batch's fixtures).
   *
   * @throws dev.scylla.core.ScyllaException when the job's input cannot be read
   */
  default Needs needs() {
    return new Needs(readPaths(), needsLogin());
  }

  /** A job that runs {@code experiment}. */
  static ExperimentJob experiment(Experiment experiment) {
    return new ExperimentJob(experiment);
  }

  /** A job that runs {@code batch}. */
  static BatchJob batch(Batch batch) {
    return new BatchJob(batch);
  }

  /** A job that judges the experiment in {@code experimentDir} again with Claude Code. */
  static RejudgeJob rejudge(Path experimentDir) {
    return RejudgeJob.of(experimentDir);
  }

  /** An interactive bash in the shell {@code name}, started in the current directory. */
  static ShellJob shell(String name) {
    return ShellJob.interactive(name);
  }
}
