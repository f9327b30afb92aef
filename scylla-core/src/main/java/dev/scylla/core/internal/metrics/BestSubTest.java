package dev.scylla.core.internal.metrics;

/**
 * The choice of a tier's best sub-test.
 *
 * @param subtestId the chosen sub-test, null when no sub-test of the tier has a score
 * @param tiebreakerNeeded whether the total-token tie-break decided it
 * @param reason why it was chosen, in one line
 */
public record BestSubTest(String subtestId, boolean tiebreakerNeeded, String reason) {

  /** No sub-test has a score. */
  public static BestSubTest none() {
    return new BestSubTest(null, false, "no sub-test has a scored run");
  }
}
