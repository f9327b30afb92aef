package dev.scylla.core.agent;

import dev.scylla.core.ErrorKind;
import dev.scylla.core.ScyllaException;

/**
 * An agent or judge call could not be started or its script is invalid; the message says why. An
 * infrastructure problem unless its kind says otherwise.
 */
public class AgentException extends ScyllaException {
  private static final long serialVersionUID = 1L;

  /** The setting of the jars that add runners (see {@link #setting()}). */
  public static final String JARS = "agent_jars";

  /** Creates the exception with a message saying what to do next. */
  public AgentException(String message) {
    super(ErrorKind.INFRASTRUCTURE, message, null);
  }

  /** Creates the exception with a message saying what to do next and its cause. */
  public AgentException(String message, Throwable cause) {
    super(ErrorKind.INFRASTRUCTURE, message, cause);
  }

  /**
   * Creates the exception of the given kind: {@link ErrorKind#INPUT} for an agent spec or script
   * the user got wrong.
   */
  public AgentException(ErrorKind kind, String message, Throwable cause) {
    super(kind, message, cause);
  }

  /**
   * Creates the exception of the given kind about a setting, such as {@link #JARS} for a runner's
   * jar that cannot be used.
   */
  public AgentException(ErrorKind kind, String setting, String message, Throwable cause) {
    super(kind, setting, message, cause);
  }
}
