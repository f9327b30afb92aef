package dev.scylla.core.internal.report;

import dev.scylla.core.model.RunResult;

/**
 * The kind of a run's error, for tables and the CSV: {@code infrastructure} (the agent could not
 * reach the model, never scored), {@code agent_timeout}, {@code agent_error}, {@code judge_error},
 * or empty when the run did not error. Read from the error the engine recorded ({@code agent timed
 * out: …}, {@code agent failed: …}, {@code judge N (…): …}).
 */
final class ErrorKind {
  private ErrorKind() {}

  static String of(RunResult run) {
    String e = run.error();
    if (e == null) {
      return "";
    }
    if (e.startsWith("agent errored (")) {
      return "infrastructure";
    }
    if (e.startsWith("agent timed out")) {
      return "agent_timeout";
    }
    if (e.startsWith("agent")) {
      return "agent_error";
    }
    if (e.startsWith("judge")) {
      return "judge_error";
    }
    return "other";
  }
}
