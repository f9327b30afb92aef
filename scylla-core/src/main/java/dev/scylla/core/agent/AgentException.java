package dev.scylla.core.agent;

/** An agent or judge call could not be started or its script is invalid; the message says why. */
public class AgentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message saying what to do next. */
  public AgentException(String message) {
    super(message);
  }

  /** Creates the exception with a message saying what to do next and its cause. */
  public AgentException(String message, Throwable cause) {
    super(message, cause);
  }
}
