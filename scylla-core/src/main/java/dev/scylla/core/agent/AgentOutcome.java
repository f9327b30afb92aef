package dev.scylla.core.agent;

import dev.scylla.core.internal.metrics.AgentCosts;
import dev.scylla.core.model.ModelUsage;
import dev.scylla.core.model.TokenStats;
import java.util.Map;

/**
 * What one agent or judge call returned. A call that ran but reported an error is an outcome with
 * {@code isError} set; only a failure to start the call at all is an exception.
 *
 * <p>Build one with {@link #builder()}: what is not set is "not reported". Whichever way an outcome
 * is made, the compact constructor applies the same rules: missing text, stderr, usage and tokens
 * are empty; token counts and the duration are not negative; a call that timed out is an error
 * whose failure kind is {@link FailureKind#TIMEOUT} (unless the runner gave a kind of its own), and
 * an outcome of kind {@code TIMEOUT} timed out.
 *
 * @param exitCode process exit code ({@code -1} when killed)
 * @param timedOut whether the call was killed at its timeout
 * @param isError whether the agent reported an error ({@code is_error}, a non-{@code success}
 *     subtype, a non-zero exit, a timeout or unparseable output)
 * @param subtype the result object's {@code subtype}, or {@code null}
 * @param resultText the agent's final text ({@code result}), or an explanation when absent
 * @param tokenStats the call's tokens: uncached input, output, cache creation, cache read
 * @param totalCostUsd cost the agent reported ({@code total_cost_usd}), or {@code null}
 * @param modelUsage per-model tokens and cost the agent reported ({@code modelUsage}), by model id,
 *     possibly empty
 * @param durationSeconds wall-clock duration of the call
 * @param numTurns number of turns, or {@code null}
 * @param sessionId session id, or {@code null}
 * @param stderr what the call wrote on stderr (for rate-limit and login detection)
 * @param failureKind why the call failed, when the adapter knows it from the agent's own fields
 *     (e.g. {@code api_error_status}); {@code null} lets the engine classify the text. Read only
 *     for errors.
 * @param apiErrorStatus the HTTP status of the failed API call the agent reported, or {@code null}
 */
public record AgentOutcome(
    int exitCode,
    boolean timedOut,
    boolean isError,
    String subtype,
    String resultText,
    TokenStats tokenStats,
    Double totalCostUsd,
    Map<String, ModelUsage> modelUsage,
    double durationSeconds,
    Integer numTurns,
    String sessionId,
    String stderr,
    FailureKind failureKind,
    Integer apiErrorStatus) {

  /** Applies the rules every outcome follows (see the class comment). */
  public AgentOutcome {
    resultText = resultText == null ? "" : resultText;
    stderr = stderr == null ? "" : stderr;
    modelUsage = modelUsage == null ? Map.of() : Map.copyOf(modelUsage);
    tokenStats = tokenStats == null ? TokenStats.ZERO : tokenStats;
    if (durationSeconds < 0) {
      throw new IllegalArgumentException("durationSeconds must be >= 0, was " + durationSeconds);
    }
    if (failureKind == FailureKind.TIMEOUT) {
      timedOut = true;
    }
    if (timedOut) {
      isError = true;
      failureKind = failureKind == null ? FailureKind.TIMEOUT : failureKind;
    }
  }

  /** This outcome with {@code kind} as its failure kind. */
  public AgentOutcome withFailureKind(FailureKind kind) {
    return new AgentOutcome(
        exitCode,
        timedOut,
        isError,
        subtype,
        resultText,
        tokenStats,
        totalCostUsd,
        modelUsage,
        durationSeconds,
        numTurns,
        sessionId,
        stderr,
        kind,
        apiErrorStatus);
  }

  /**
   * The call's cost in US dollars by {@link AgentCosts#of(Double, Map, String, TokenStats)}: the
   * reported total, else the per-model costs, else the tokens priced for {@code model}; {@code
   * null} when a price is needed and the model is not in the price table.
   */
  public Double costUsd(String model) {
    return AgentCosts.of(totalCostUsd, modelUsage, model, tokenStats()).orElse(null);
  }

  /**
   * The way to make an outcome: every field not set is "nothing reported" (exit code 0, no error,
   * no tokens, no cost, empty text).
   *
   * <pre>{@code
   * return AgentOutcome.builder()
   *     .resultText("wrote hello.py")
   *     .tokens(1200, 300)
   *     .totalCostUsd(0.004)
   *     .durationSeconds(2.5)
   *     .build();
   * }</pre>
   *
   * A call that ran and failed: {@code .error(true)} with the explanation as the result text; one
   * killed at its timeout: {@code .exitCode(-1).timedOut(true)}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link AgentOutcome}; see the record's fields for each value's meaning. */
  public static final class Builder {
    private int exitCode;
    private boolean timedOut;
    private boolean error;
    private String subtype;
    private String resultText = "";
    private long inputTokens;
    private long outputTokens;
    private long cacheCreationTokens;
    private long cacheReadTokens;
    private Double totalCostUsd;
    private Map<String, ModelUsage> modelUsage = Map.of();
    private double durationSeconds;
    private Integer numTurns;
    private String sessionId;
    private String stderr = "";
    private FailureKind failureKind;
    private Integer apiErrorStatus;

    private Builder() {}

    /** The process exit code ({@code -1} when killed). */
    public Builder exitCode(int exitCode) {
      this.exitCode = exitCode;
      return this;
    }

    /** Killed at its timeout (an error of kind {@link FailureKind#TIMEOUT}). */
    public Builder timedOut(boolean timedOut) {
      this.timedOut = timedOut;
      return this;
    }

    /** The agent reported an error. */
    public Builder error(boolean error) {
      this.error = error;
      return this;
    }

    /** The result's subtype ({@code success}, {@code error_max_turns}...). */
    public Builder subtype(String subtype) {
      this.subtype = subtype;
      return this;
    }

    /** The agent's final text, or why there is none. */
    public Builder resultText(String resultText) {
      this.resultText = resultText;
      return this;
    }

    /** Uncached input and output tokens. */
    public Builder tokens(long input, long output) {
      this.inputTokens = input;
      this.outputTokens = output;
      return this;
    }

    /** Tokens written to and read from the prompt cache. */
    public Builder cacheTokens(long creation, long read) {
      this.cacheCreationTokens = creation;
      this.cacheReadTokens = read;
      return this;
    }

    /** All four token counts at once. */
    public Builder tokenStats(TokenStats tokens) {
      tokens(tokens.inputTokens(), tokens.outputTokens());
      return cacheTokens(tokens.cacheCreationTokens(), tokens.cacheReadTokens());
    }

    /** The cost the agent reported, or null to price the tokens. */
    public Builder totalCostUsd(Double totalCostUsd) {
      this.totalCostUsd = totalCostUsd;
      return this;
    }

    /** Per-model tokens and cost, by model id. */
    public Builder modelUsage(Map<String, ModelUsage> modelUsage) {
      this.modelUsage = modelUsage;
      return this;
    }

    /** Wall-clock duration of the call. */
    public Builder durationSeconds(double durationSeconds) {
      this.durationSeconds = durationSeconds;
      return this;
    }

    /** Number of turns. */
    public Builder numTurns(Integer numTurns) {
      this.numTurns = numTurns;
      return this;
    }

    /** The agent's session id. */
    public Builder sessionId(String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    /** What the call wrote on stderr. */
    public Builder stderr(String stderr) {
      this.stderr = stderr;
      return this;
    }

    /**
     * Why the call failed, when the runner knows it (null, the default, lets the engine read the
     * text).
     */
    public Builder failureKind(FailureKind failureKind) {
      this.failureKind = failureKind;
      return this;
    }

    /** The HTTP status of the failed API call the agent reported, or null. */
    public Builder apiErrorStatus(Integer apiErrorStatus) {
      this.apiErrorStatus = apiErrorStatus;
      return this;
    }

    /**
     * The outcome.
     *
     * @throws IllegalArgumentException for negative token counts or duration
     */
    public AgentOutcome build() {
      return new AgentOutcome(
          exitCode,
          timedOut,
          error,
          subtype,
          resultText,
          new TokenStats(inputTokens, outputTokens, cacheCreationTokens, cacheReadTokens),
          totalCostUsd,
          modelUsage,
          durationSeconds,
          numTurns,
          sessionId,
          stderr,
          failureKind,
          apiErrorStatus);
    }
  }
}
