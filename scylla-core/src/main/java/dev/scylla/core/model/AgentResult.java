package dev.scylla.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.scylla.core.internal.Checks;

/**
 * What one agent call returned.
 *
 * @param exitCode the process exit code (-1 when it was killed or never started)
 * @param tokenStats tokens used
 * @param costUsd cost of the call, null when unknown (never a guess)
 * @param durationSeconds wall-clock duration of the call
 * @param result the agent's final text
 * @param error whether the CLI reported an error ({@code is_error})
 * @param subtype the CLI's result subtype, e.g. {@code success}, or null
 * @param model the model id that answered, or null when not reported
 * @param sessionId the CLI's session id, or null
 * @param numTurns turns taken, or null when not reported
 * @param timedOut whether the call was killed on its timeout
 * @param failureKind why the call failed, in lower case ({@code auth}, {@code rate_limit}, {@code
 *     overloaded}, {@code server_error}, {@code timeout}, {@code max_turns}, {@code budget}, {@code
 *     other}), {@code none} when it did not, or null when not recorded
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AgentResult(
    int exitCode,
    TokenStats tokenStats,
    Double costUsd,
    double durationSeconds,
    String result,
    @JsonProperty("is_error") boolean error,
    String subtype,
    String model,
    String sessionId,
    Integer numTurns,
    boolean timedOut,
    String failureKind) {

  /** Validates the fields. */
  public AgentResult {
    tokenStats = tokenStats == null ? TokenStats.ZERO : tokenStats;
    Checks.optionalFiniteNonNegative(costUsd, "cost_usd");
    Checks.finiteNonNegative(durationSeconds, "duration_seconds");
    result = result == null ? "" : result;
    if (failureKind != null && !failureKind.matches("[a-z_]+")) {
      throw new IllegalArgumentException(
          "failure_kind must be lower-case letters and '_', got '" + failureKind + "'");
    }
    if (numTurns != null && numTurns < 0) {
      throw new IllegalArgumentException("num_turns must be >= 0, got " + numTurns);
    }
  }

  /** A result without a recorded failure kind. */
  public AgentResult(
      int exitCode,
      TokenStats tokenStats,
      Double costUsd,
      double durationSeconds,
      String result,
      boolean error,
      String subtype,
      String model,
      String sessionId,
      Integer numTurns,
      boolean timedOut) {
    this(
        exitCode,
        tokenStats,
        costUsd,
        durationSeconds,
        result,
        error,
        subtype,
        model,
        sessionId,
        numTurns,
        timedOut,
        null);
  }

  /**
   * Whether the call succeeded: exit code 0, not timed out, not {@code is_error}, and a subtype of
   * {@code success} (or none reported).
   */
  public boolean succeeded() {
    return exitCode == 0 && !timedOut && !error && (subtype == null || subtype.equals("success"));
  }
}
