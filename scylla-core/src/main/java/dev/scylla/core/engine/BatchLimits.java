package dev.scylla.core.engine;

import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * What the experiments of one batch share: the fair pool of run slots (the batch's cap on
 * concurrent runs) and the batch's agent-cost budget. Give the same instance to every experiment's
 * {@link ExperimentRunner.Builder#batchLimits}; each experiment's own budget still applies too.
 */
public final class BatchLimits {

  private final RunSlots slots;
  private final Double maxCostUsd;
  private final DoubleAdder spent = new DoubleAdder();

  /**
   * Limits of {@code parallel} concurrent runs and, when {@code maxCostUsd} is not null, that agent
   * cost for the whole batch.
   *
   * @throws IllegalArgumentException when {@code parallel} is below 1 or the cost is negative
   */
  public BatchLimits(int parallel, Double maxCostUsd) {
    if (maxCostUsd != null && !(maxCostUsd >= 0)) {
      throw new IllegalArgumentException("maxCostUsd must be >= 0, was " + maxCostUsd);
    }
    this.slots = new RunSlots(parallel);
    this.maxCostUsd = maxCostUsd;
  }

  /** The shared run slots. */
  public RunSlots slots() {
    return slots;
  }

  /** The batch's agent-cost budget in USD, or null for none. */
  public Double maxCostUsd() {
    return maxCostUsd;
  }

  /** Agent cost spent by the batch so far, finished experiments included. */
  public double spentUsd() {
    return spent.sum();
  }

  /** Adds agent cost (an unknown cost adds nothing). */
  public void spend(Double costUsd) {
    spent.add(Objects.requireNonNullElse(costUsd, 0.0));
  }

  /** Whether the batch's budget still lets a new run start. */
  public boolean allowsNewRun() {
    return maxCostUsd == null || spent.sum() < maxCostUsd;
  }

  /** The one-line message of an experiment stopped on the batch's budget. */
  String message() {
    return String.format(
        Locale.ROOT,
        "stopped on the batch's budget: $%.4f spent of $%.4f",
        spent.sum(),
        maxCostUsd);
  }
}
