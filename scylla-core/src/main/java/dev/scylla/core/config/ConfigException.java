package dev.scylla.core.config;

import dev.scylla.core.ErrorKind;
import dev.scylla.core.ScyllaException;

/** An experiment configuration that cannot be used. The message is one line saying what to fix. */
public class ConfigException extends ScyllaException {
  private static final long serialVersionUID = 1L;

  /** An exception with a one-line {@code message}. */
  public ConfigException(String message) {
    super(ErrorKind.INPUT, message, null);
  }

  /** An exception with a one-line {@code message} and its cause. */
  public ConfigException(String message, Throwable cause) {
    super(ErrorKind.INPUT, message, cause);
  }
}
