package dev.scylla.core.engine;

import dev.scylla.core.ErrorKind;

/**
 * The experiment or batch to resume was run with another configuration: an input problem, fixed by
 * {@code fresh} (start over) or another id; {@link #setting()} is {@value #EXPERIMENT_ID} or
 * {@value #BATCH_ID}, the id that chose the folder.
 */
public final class ConfigChangedException extends ExperimentException {
  private static final long serialVersionUID = 1L;

  /** The setting of an experiment's id. */
  public static final String EXPERIMENT_ID = "experiment_id";

  /** The setting of a batch's id. */
  public static final String BATCH_ID = "batch_id";

  /** Creates the exception about an experiment. */
  public ConfigChangedException(String message) {
    this(EXPERIMENT_ID, message);
  }

  /** Creates the exception about the experiment or batch whose id is {@code setting}. */
  public ConfigChangedException(String setting, String message) {
    super(ErrorKind.INPUT, setting, message, null);
  }
}
