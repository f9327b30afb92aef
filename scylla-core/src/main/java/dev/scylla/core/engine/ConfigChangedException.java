package dev.scylla.core.engine;

import dev.scylla.core.ErrorKind;

/**
 * The experiment to resume was run with another configuration: an input problem, fixed by {@code
 * fresh} (start over) or another experiment id.
 */
public final class ConfigChangedException extends ExperimentException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public ConfigChangedException(String message) {
    super(ErrorKind.INPUT, message, null);
  }
}
