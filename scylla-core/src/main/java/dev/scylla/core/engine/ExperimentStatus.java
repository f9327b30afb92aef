package dev.scylla.core.engine;

/** How an experiment ended. */
public enum ExperimentStatus {
  /** Every run finished (whatever the scores). */
  COMPLETED,
  /** A stop was requested; the checkpoint allows resuming. */
  INTERRUPTED,
  /** The agent's or a judge's login is missing or expired; renew it, then resume. */
  AUTH_FAILED,
  /** The agent cost reached {@code max_cost_usd}; no new run was started. */
  BUDGET_EXHAUSTED,
  /**
   * The API stayed unreachable longer than the longest outage the experiment waits out; nothing was
   * scored from the outage, and the same experiment resumes where it stopped.
   */
  API_UNREACHABLE
}
