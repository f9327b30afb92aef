package dev.scylla.core.results;

import com.fasterxml.jackson.annotation.JsonValue;

/** How far a run got, as recorded in the checkpoint. */
public enum RunState {
  /** Judged and passed. */
  PASSED("passed"),
  /** Judged and not passed (or errored). */
  FAILED("failed"),
  /** The agent finished but the judges did not: on resume, judge the saved agent result. */
  AGENT_COMPLETE("agent_complete");

  private final String json;

  RunState(String json) {
    this.json = json;
  }

  /** The value written in {@code checkpoint.json}. */
  @JsonValue
  public String json() {
    return json;
  }

  /** Whether the run needs nothing more (passed or failed). */
  public boolean finished() {
    return this != AGENT_COMPLETE;
  }
}
