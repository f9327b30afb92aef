package dev.scylla.core.internal.metrics;

import dev.scylla.core.model.TokenStats;

/**
 * Prices of one model in US dollars per million tokens.
 *
 * @param input uncached input tokens
 * @param output output tokens
 * @param cacheWrite tokens written to the prompt cache
 * @param cacheRead tokens read from the prompt cache
 */
public record ModelPrice(double input, double output, double cacheWrite, double cacheRead) {

  /** Validates that every price is a finite number &ge; 0. */
  public ModelPrice {
    check(input, "input");
    check(output, "output");
    check(cacheWrite, "cacheWrite");
    check(cacheRead, "cacheRead");
  }

  /**
   * cost = (input_tokens &times; input + output_tokens &times; output + cache_creation_tokens
   * &times; cacheWrite + cache_read_tokens &times; cacheRead) / 1,000,000.
   */
  public double cost(TokenStats tokens) {
    return (tokens.inputTokens() * input
            + tokens.outputTokens() * output
            + tokens.cacheCreationTokens() * cacheWrite
            + tokens.cacheReadTokens() * cacheRead)
        / 1_000_000.0;
  }

  private static void check(double price, String field) {
    if (!Double.isFinite(price) || price < 0) {
      throw new IllegalArgumentException(field + " price must be a number >= 0, got " + price);
    }
  }
}
