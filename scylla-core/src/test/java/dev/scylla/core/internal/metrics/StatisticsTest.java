package dev.scylla.core.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.scylla.core.internal.metrics.Statistics.Interval;
import org.junit.jupiter.api.Test;

/** The report statistics against values worked out by hand (derivations in the comments). */
class StatisticsTest {

  @Test
  void wilson_eightOfTen_matchesTheFormula() {
    // p = 0.8, n = 10, z² = 3.8415: centre = (0.8 + 0.19207) / 1.38415 = 0.71674,
    // half = 1.95996 · √(0.016 + 0.0096037) / 1.38415 = 0.22658 → [0.4902, 0.9433].
    Interval i = Statistics.wilson(8, 10);

    assertThat(i.lower()).isCloseTo(0.490162, within(1e-6));
    assertThat(i.upper()).isCloseTo(0.943318, within(1e-6));
  }

  @Test
  void wilson_extremes_stayInsideZeroOne() {
    // 0 of 5: centre = half = (z²/10) / (1 + z²/5) = 0.38415 / 1.76830 → [0, 0.43448].
    assertThat(Statistics.wilson(0, 5).lower()).isZero();
    assertThat(Statistics.wilson(0, 5).upper()).isCloseTo(0.434482, within(1e-6));
    assertThat(Statistics.wilson(5, 5).lower()).isCloseTo(1 - 0.434482, within(1e-6));
    assertThat(Statistics.wilson(5, 5).upper()).isEqualTo(1.0);
    assertThat(Statistics.wilson(0, 0)).isNull();
  }

  @Test
  void passAtK_twoOfFive_isOneMinusTheChanceThatAllKFail() {
    // 1 − C(3,k)/C(5,k): k=1 1 − 3/5; k=2 1 − 3/10; k=3 1 − 1/10; k=4, 5: C(3,k) = 0.
    assertThat(Statistics.passAtK(2, 5))
        .usingElementComparator((a, b) -> Math.abs(a - b) < 1e-12 ? 0 : Double.compare(a, b))
        .containsExactly(0.4, 0.7, 0.9, 1.0, 1.0);
    assertThat(Statistics.passAtK(0, 10, 10)).isZero();
    assertThat(Statistics.passAtK(10, 10, 1)).isEqualTo(1.0);
    assertThatThrownBy(() -> Statistics.passAtK(1, 3, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k must be within [1, 3]");
  }

  @Test
  void fisherExact_smallTables_matchTheHypergeometricSums() {
    // Margins 4/4 with 4 passes: P(x) = C(4,x)·C(4,4−x)/70 = 1, 16, 36, 16, 1 (/70).
    // Observed 3 vs 1 (16/70): tables no more likely are x = 0, 1, 3, 4 → 34/70.
    assertThat(Statistics.fisherExact(3, 4, 1, 4)).isCloseTo(34.0 / 70, within(1e-12));
    // 4 vs 0: x = 0 and 4 → 2/70.
    assertThat(Statistics.fisherExact(4, 4, 0, 4)).isCloseTo(2.0 / 70, within(1e-12));
    // 10/10 vs 5/10: C(20,15) = 15504; x = 10 and x = 5 each C(10,5) = 252 → 504/15504.
    assertThat(Statistics.fisherExact(10, 10, 5, 10)).isCloseTo(504.0 / 15504, within(1e-12));
    // Equal counts: every table is no more likely than the most likely one → 1.
    assertThat(Statistics.fisherExact(2, 4, 2, 4)).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void costOfPassInterval_oneCheapPassOneDearFail_isUnboundedAbove() {
    // Resamples of (1 pass, 3 fail): {1,1} → 1 (1/4), mixed → 4/1 (1/2), {3,3} → ∞ (1/4).
    // The 2.5 % rank falls among the ones, the 97.5 % rank among the infinities.
    Interval i =
        Statistics.costOfPassInterval(new double[] {1, 3}, new boolean[] {true, false}, 10_000, 7);

    assertThat(i.lower()).isEqualTo(1.0);
    assertThat(i.upper()).isNull();
  }

  @Test
  void costOfPassInterval_isSeededAndBracketsTheEstimate() {
    double[] costs = {0.01, 0.02, 0.03, 0.04, 0.05, 0.06};
    boolean[] passed = {true, true, false, true, true, true};
    // Point estimate: Σ cost / passes = 0.21 / 5 = 0.042.
    Interval a = Statistics.costOfPassInterval(costs, passed);
    Interval b = Statistics.costOfPassInterval(costs, passed);
    Interval other = Statistics.costOfPassInterval(costs, passed, 10_000, 99);

    assertThat(a).isEqualTo(b);
    assertThat(a.lower()).isLessThan(0.042).isGreaterThanOrEqualTo(0.01);
    assertThat(a.upper()).isGreaterThan(0.042).isLessThanOrEqualTo(0.06 * 6);
    assertThat(other).isNotEqualTo(a);
  }

  @Test
  void costOfPassInterval_sameCostEveryPass_isThatCost() {
    Interval i =
        Statistics.costOfPassInterval(new double[] {0.025, 0.025}, new boolean[] {true, true});

    assertThat(i.lower()).isEqualTo(0.025);
    assertThat(i.upper()).isEqualTo(0.025);
    assertThat(Statistics.costOfPassInterval(new double[] {1}, new boolean[] {false})).isNull();
  }
}
