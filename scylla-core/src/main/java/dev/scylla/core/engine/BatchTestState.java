package dev.scylla.core.engine;

import java.util.Locale;

/** Where a test of a batch stands, as {@code batch.json} records it. */
public enum BatchTestState {
  /** Not started yet. */
  PENDING,
  /** Running now (or the batch stopped without a word: it runs again on resume). */
  RUNNING,
  /** Every run finished; resuming the batch leaves it untouched. */
  COMPLETED,
  /** Stopped on its own or the batch's budget. */
  BUDGET_EXHAUSTED,
  /** Stopped on request; resumes with the batch. */
  INTERRUPTED,
  /** Stopped because the login failed. */
  AUTH_FAILED,
  /** Not run: its input is bad (the reason says what); tried again on resume. */
  SKIPPED,
  /** Ended by an infrastructure failure (the reason says what); tried again on resume. */
  FAILED;

  /** The state as written in {@code batch.json}. */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state written as {@code text} in {@code batch.json}. */
  public static BatchTestState fromJson(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }

  /** The state of a test whose experiment ended with {@code status}. */
  public static BatchTestState of(ExperimentStatus status) {
    return switch (status) {
      case COMPLETED -> COMPLETED;
      case BUDGET_EXHAUSTED -> BUDGET_EXHAUSTED;
      case INTERRUPTED -> INTERRUPTED;
      case AUTH_FAILED -> AUTH_FAILED;
      // The API stayed away longer than the experiment waits: infrastructure, resumed with the
      // batch.
      case API_UNREACHABLE -> FAILED;
    };
  }
}
