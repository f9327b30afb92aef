package dev.scylla.core.config;

/** An experiment configuration that cannot be used. The message is one line saying what to fix. */
public class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a one-line {@code message}. */
  public ConfigException(String message) {
    super(message);
  }

  /** An exception with a one-line {@code message} and its cause. */
  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
