package dev.scylla.core.results;

import com.fasterxml.jackson.annotation.JsonValue;

/** The state of an experiment as recorded in the checkpoint. */
public enum CheckpointStatus {
  /** Runs are in progress. */
  RUNNING("running"),
  /** Every worker waits for a rate limit to reset ({@code rate_limit_until}). */
  PAUSED_RATE_LIMIT("paused_rate_limit"),
  /**
   * No new call starts: the API could not be reached by several calls in a row, and the engine
   * probes it until it answers ({@code api_unreachable_since}).
   */
  PAUSED_API_UNREACHABLE("paused_api_unreachable"),
  /** Stopped by a signal, a login that expired, the budget or a long outage; resumable. */
  INTERRUPTED("interrupted"),
  /** Every run finished. */
  COMPLETED("completed");

  private final String json;

  CheckpointStatus(String json) {
    this.json = json;
  }

  /** The value written in {@code checkpoint.json}. */
  @JsonValue
  public String json() {
    return json;
  }
}
