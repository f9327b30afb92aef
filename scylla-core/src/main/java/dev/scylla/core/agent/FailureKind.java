package dev.scylla.core.agent;

/**
 * Why an agent or judge call failed, as far as the engine needs to know: some failures stop the
 * experiment, some pause it, some are retried, the rest are the agent's own result.
 */
public enum FailureKind {
  /** The call succeeded, or failed in a way that is the agent's result (e.g. a wrong answer). */
  NONE(false),
  /** The login is missing, expired or refused (HTTP 401/403): the experiment stops. */
  AUTH(false),
  /** A rate or usage limit (HTTP 429): the experiment pauses and the call runs again. */
  RATE_LIMIT(false),
  /**
   * The API is overloaded (HTTP 529): an infrastructure error, retried a bounded number of times.
   */
  OVERLOADED(true),
  /** The API failed (HTTP 5xx other than 529): an infrastructure error, retried like OVERLOADED. */
  SERVER_ERROR(true),
  /**
   * The API could not be reached: connection refused or reset, a name that does not resolve, a TLS
   * handshake that failed. An infrastructure error.
   */
  CONNECTION(true),
  /** The API did not answer in time (the CLI's request timeout): an infrastructure error. */
  API_TIMEOUT(true),
  /** The call was killed at its wall-clock limit. */
  TIMEOUT(false),
  /** The agent used up its turn limit ({@code --max-turns}). */
  MAX_TURNS(false),
  /** The agent used up its budget ({@code --max-budget-usd}). */
  BUDGET(false),
  /** Any other error the call reported. */
  OTHER(false);

  private final boolean infrastructure;

  FailureKind(boolean infrastructure) {
    this.infrastructure = infrastructure;
  }

  /**
   * Whether the failure lies in the service rather than in the agent's work: such a call is
   * retried, and when the retries are used up the run is recorded as errored, never scored.
   */
  public boolean infrastructure() {
    return infrastructure;
  }
}
