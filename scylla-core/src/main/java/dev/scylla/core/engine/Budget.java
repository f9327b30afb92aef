package dev.scylla.core.engine;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The agent-cost budget ({@code max_cost_usd}): what was spent, and whether a new run may start.
 */
final class Budget {
  private final Double limitUsd;
  private final ExperimentListener listener;
  private final DoubleAdder spent = new DoubleAdder();
  private final AtomicBoolean exhausted = new AtomicBoolean();
  private final BatchLimits batch;
  private final AtomicBoolean batchExhausted = new AtomicBoolean();

  Budget(Double limitUsd, ExperimentListener listener) {
    this(limitUsd, listener, null);
  }

  /** A budget that also counts against, and stops on, the batch's shared budget (when not null). */
  Budget(Double limitUsd, ExperimentListener listener, BatchLimits batch) {
    this.limitUsd = limitUsd;
    this.listener = listener;
    this.batch = batch;
  }

  /** Adds an agent call's cost (an unknown cost adds nothing). */
  void spend(Double costUsd) {
    spent.add(Objects.requireNonNullElse(costUsd, 0.0));
    if (batch != null) {
      batch.spend(costUsd);
    }
  }

  /**
   * Whether a new run may start; the first refusal tells the listener that the budget is exhausted.
   */
  boolean allowsNewRun() {
    if (batch != null && !batch.allowsNewRun()) {
      if (batchExhausted.compareAndSet(false, true)) {
        exhausted.set(true);
        listener.budgetExhausted(batch.spentUsd(), batch.maxCostUsd());
      }
      return false;
    }
    if (limitUsd == null || spent.sum() < limitUsd) {
      return true;
    }
    if (exhausted.compareAndSet(false, true)) {
      listener.budgetExhausted(spent.sum(), limitUsd);
    }
    return false;
  }

  /** Whether a run was refused for the budget. */
  boolean exhausted() {
    return exhausted.get();
  }

  /** The one-line message of an experiment stopped on its budget. */
  String message() {
    if (batchExhausted.get()) {
      return batch.message();
    }
    return String.format(
        java.util.Locale.ROOT,
        "stopped on its budget: $%.4f spent of max_cost_usd $%.4f",
        spent.sum(),
        limitUsd);
  }
}
