package dev.scylla.core.model;

/**
 * One entry of the Claude CLI's {@code modelUsage} object: the tokens and cost of one model within
 * an agent call.
 *
 * @param tokens the model's tokens
 * @param costUsd its {@code costUSD}, or null when not reported
 */
public record ModelUsage(TokenStats tokens, Double costUsd) {

  /** Defaults missing tokens to zero and rejects a non-finite or negative cost. */
  public ModelUsage {
    tokens = tokens == null ? TokenStats.ZERO : tokens;
    if (costUsd != null && (!Double.isFinite(costUsd) || costUsd < 0)) {
      throw new IllegalArgumentException("costUSD must be a number >= 0, got " + costUsd);
    }
  }
}
