package dev.scylla.api;

import dev.scylla.api.internal.PreparedExperiment;
import dev.scylla.core.engine.ExperimentOutcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An experiment as a job: it reads its fixture, shared folder, task repository (when local),
 * prompt, settings and runner files, writes its results folder, and needs the login when the agent
 * or the judges run Claude Code. Its settings cross into a runner container as the settings
 * document ({@link ExperimentSettings#toJson()}).
 *
 * @param experiment the experiment
 */
public record ExperimentJob(Experiment experiment) implements Job<ExperimentOutcome> {

  /** Checks for null. */
  public ExperimentJob {
    Objects.requireNonNull(experiment, "experiment");
  }

  @Override
  public String label() {
    return experiment.label();
  }

  @Override
  public List<Path> readPaths() {
    return needs().readPaths();
  }

  @Override
  public List<Path> writePaths() {
    return List.of(experiment.resultsDir());
  }

  @Override
  public boolean needsLogin() {
    return needs().needsLogin();
  }

  /** Both from one preparation of the experiment (its fixture loaded and checked once). */
  @Override
  public Needs needs() {
    PreparedExperiment prepared = PreparedExperiment.of(experiment);
    return new Needs(List.copyOf(prepared.readPaths()), prepared.needsLogin());
  }
}
