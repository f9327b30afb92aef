package dev.scylla.core.internal.metrics;

import dev.scylla.core.model.ModelUsage;
import dev.scylla.core.model.TokenStats;
import java.util.Map;
import java.util.Optional;

/**
 * The cost of one agent (or judge) call, from what the CLI reported.
 *
 * <p>In order of preference: (1) the CLI's {@code total_cost_usd}; (2) the sum of {@code
 * modelUsage[*].costUSD} when every entry has one; (3) the sum over {@code modelUsage} entries of
 * their tokens priced with the {@link PriceTable} by the entry's model id; (4) the call's tokens
 * priced by {@code model}. When a price is needed and the model is not in the table, the cost is
 * unknown (empty): never a guess.
 */
public final class AgentCosts {
  private AgentCosts() {}

  /** {@link #of(Double, Map, String, TokenStats, PriceTable)} with {@link PriceTable#DEFAULT}. */
  public static Optional<Double> of(
      Double totalCostUsd, Map<String, ModelUsage> modelUsage, String model, TokenStats tokens) {
    return of(totalCostUsd, modelUsage, model, tokens, PriceTable.DEFAULT);
  }

  /**
   * The call's cost in US dollars, empty when unknown.
   *
   * @param totalCostUsd the CLI's {@code total_cost_usd}, or null
   * @param modelUsage the CLI's {@code modelUsage} by model id, or null/empty
   * @param model the model the call asked for, or null
   * @param tokens the call's tokens ({@code usage}), or null
   * @param prices the price table
   */
  public static Optional<Double> of(
      Double totalCostUsd,
      Map<String, ModelUsage> modelUsage,
      String model,
      TokenStats tokens,
      PriceTable prices) {
    if (totalCostUsd != null && Double.isFinite(totalCostUsd) && totalCostUsd >= 0) {
      return Optional.of(totalCostUsd);
    }
    if (modelUsage != null && !modelUsage.isEmpty()) {
      if (modelUsage.values().stream().allMatch(u -> u.costUsd() != null)) {
        return Optional.of(modelUsage.values().stream().mapToDouble(ModelUsage::costUsd).sum());
      }
      double sum = 0;
      for (Map.Entry<String, ModelUsage> entry : modelUsage.entrySet()) {
        ModelUsage usage = entry.getValue();
        if (usage.costUsd() != null) {
          sum += usage.costUsd();
          continue;
        }
        Optional<ModelPrice> price = prices.lookup(entry.getKey());
        if (price.isEmpty()) {
          return Optional.empty();
        }
        sum += price.get().cost(usage.tokens());
      }
      return Optional.of(sum);
    }
    if (tokens == null) {
      return Optional.empty();
    }
    return prices.lookup(model).map(p -> p.cost(tokens));
  }
}
