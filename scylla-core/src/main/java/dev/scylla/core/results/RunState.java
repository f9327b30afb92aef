package dev.scylla.core.results;

import com.fasterxml.jackson.annotation.JsonValue;

/** How far a run got, as recorded in the checkpoint. */
public enum RunState {
  /** Judged and passed. */
  PASSED("passed"),
  /** Judged and not passed. */
  FAILED("failed"),
  /**
   * The agent finished but no judge gave a verdict yet (stopped, agents only, or every judge met an
   * infrastructure failure): the run awaits judgment, and a resume judges the saved agent result
   * without running the agent again.
   */
  AGENT_COMPLETE("agent_complete"),
  /**
   * Not scored: the agent met an infrastructure failure once its retries were used up, or no judge
   * gave a usable verdict. The checkpoint records the kind ({@link Checkpoint#errorKind}); a resume
   * runs a run errored on infrastructure again, and others only when asked to.
   */
  ERRORED("errored");

  private final String json;

  RunState(String json) {
    this.json = json;
  }

  /** The value written in {@code checkpoint.json}. */
  @JsonValue
  public String json() {
    return json;
  }

  /** Whether the run was judged and scored (passed or failed): it never runs again. */
  public boolean finished() {
    return this == PASSED || this == FAILED;
  }
}
