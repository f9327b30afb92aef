package dev.scylla.core.internal.metrics;

import dev.scylla.core.model.TierId;

/**
 * The cheapest way to a pass over all tiers.
 *
 * @param tier the tier with the lowest cost-of-pass, null when no tier has one
 * @param subtestId that tier's best sub-test, null when none
 * @param costOfPass its cost-of-pass in US dollars, null when undefined
 */
public record Frontier(TierId tier, String subtestId, Double costOfPass) {

  /** No tier has a defined cost-of-pass. */
  public static final Frontier NONE = new Frontier(null, null, null);
}
