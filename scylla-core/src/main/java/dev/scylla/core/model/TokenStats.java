package dev.scylla.core.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.scylla.core.internal.Checks;

/**
 * Token counts of one or more model calls.
 *
 * @param inputTokens uncached input tokens
 * @param outputTokens output tokens
 * @param cacheCreationTokens input tokens written to the prompt cache
 * @param cacheReadTokens input tokens read from the prompt cache
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TokenStats(
    long inputTokens, long outputTokens, long cacheCreationTokens, long cacheReadTokens) {

  /** No tokens at all. */
  public static final TokenStats ZERO = new TokenStats(0, 0, 0, 0);

  /** Validates that every count is non-negative. */
  public TokenStats {
    Checks.nonNegative(inputTokens, "input_tokens");
    Checks.nonNegative(outputTokens, "output_tokens");
    Checks.nonNegative(cacheCreationTokens, "cache_creation_tokens");
    Checks.nonNegative(cacheReadTokens, "cache_read_tokens");
  }

  /** All input tokens: uncached + cache creation + cache read. */
  public long totalInputTokens() {
    return inputTokens + cacheCreationTokens + cacheReadTokens;
  }

  /** Every token of the call(s): {@link #totalInputTokens()} + output. */
  public long totalTokens() {
    return totalInputTokens() + outputTokens;
  }

  /** The field-wise sum of this and {@code other}. */
  public TokenStats plus(TokenStats other) {
    return new TokenStats(
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        cacheCreationTokens + other.cacheCreationTokens,
        cacheReadTokens + other.cacheReadTokens);
  }

  /** The field-wise sum of all {@code stats}. */
  public static TokenStats sum(Iterable<TokenStats> stats) {
    TokenStats total = ZERO;
    for (TokenStats s : stats) {
      total = total.plus(s);
    }
    return total;
  }
}
