package dev.scylla.core.internal.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The statistics of the reports (formulas in docs/report.md): the Wilson score interval of a pass
 * rate, the unbiased pass@k estimator, a seeded bootstrap interval of Cost-of-Pass, and Fisher's
 * exact test of two pass counts.
 */
public final class Statistics {
  /** The two-sided 95 % normal quantile, Φ⁻¹(0.975). */
  public static final double Z95 = 1.959963984540054;

  /** The significance level of the tier tests. */
  public static final double ALPHA = 0.05;

  /** Resamples of the Cost-of-Pass bootstrap. */
  public static final int BOOTSTRAP_RESAMPLES = 10_000;

  /** The bootstrap's default seed, so that a report is the same each time it is made. */
  public static final long BOOTSTRAP_SEED = 20_260_115L;

  private Statistics() {}

  /**
   * A closed interval; {@code upper} is null when it is unbounded (a Cost-of-Pass interval whose
   * resamples include too many without a pass).
   *
   * @param lower the lower bound
   * @param upper the upper bound, or null when unbounded
   */
  public record Interval(double lower, Double upper) {
    /** Validates the order of the bounds. */
    public Interval {
      if (!Double.isFinite(lower)
          || (upper != null && (!Double.isFinite(upper) || upper < lower))) {
        throw new IllegalArgumentException("bad interval [" + lower + ", " + upper + "]");
      }
    }
  }

  /**
   * The 95 % Wilson score interval of {@code passes} out of {@code runs}: (p̂ + z²/2n ± z·√(p̂(1 −
   * p̂)/n + z²/4n²)) / (1 + z²/n); null when there are no runs.
   */
  public static Interval wilson(int passes, int runs) {
    checkCounts(passes, runs);
    if (runs == 0) {
      return null;
    }
    double n = runs;
    double p = passes / n;
    double z2 = Z95 * Z95;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denominator;
    double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
    return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
  }

  /**
   * The unbiased pass@k estimator for {@code passes} of {@code runs}: 1 − C(n − c, k) / C(n, k),
   * the chance that at least one of k runs drawn without replacement passes; 1 when n − c &lt; k.
   * Computed as 1 − Π_{i=n−c+1..n} (1 − k/i) to avoid large binomials.
   *
   * @throws IllegalArgumentException unless 1 &le; k &le; runs
   */
  public static double passAtK(int passes, int runs, int k) {
    checkCounts(passes, runs);
    if (k < 1 || k > runs) {
      throw new IllegalArgumentException("k must be within [1, " + runs + "], got " + k);
    }
    if (runs - passes < k) {
      return 1.0;
    }
    double allFail = 1.0;
    for (int i = runs - passes + 1; i <= runs; i++) {
      allFail *= 1.0 - (double) k / i;
    }
    return 1.0 - allFail;
  }

  /** pass@k for k = 1 … runs (empty when there are no runs). */
  public static List<Double> passAtK(int passes, int runs) {
    Double[] values = new Double[runs];
    for (int k = 1; k <= runs; k++) {
      values[k - 1] = passAtK(passes, runs, k);
    }
    return List.of(values);
  }

  /**
   * A percentile bootstrap 95 % interval of Cost-of-Pass = Σ cost / passes (= mean cost / pass
   * rate) over {@code resamples} resamples of the runs with replacement, drawn with {@code new
   * java.util.Random(seed)}; a resample without a pass has an infinite Cost-of-Pass. The bounds are
   * the sorted resamples at ranks ⌊0.025·B⌋ and ⌈0.975·B⌉ − 1 (0-based); an infinite upper bound is
   * reported as null (unbounded). Null when there are no runs or no run passed.
   *
   * @param costs each run's agent cost
   * @param passed whether each run passed
   */
  public static Interval costOfPassInterval(
      double[] costs, boolean[] passed, int resamples, long seed) {
    if (costs.length != passed.length) {
      throw new IllegalArgumentException("costs and passed differ in length");
    }
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
    }
    int n = costs.length;
    boolean anyPass = false;
    for (boolean p : passed) {
      anyPass |= p;
    }
    if (n == 0 || !anyPass) {
      return null;
    }
    Random random = new Random(seed);
    double[] cop = new double[resamples];
    for (int b = 0; b < resamples; b++) {
      double sum = 0;
      int passes = 0;
      for (int i = 0; i < n; i++) {
        int j = random.nextInt(n);
        sum += costs[j];
        passes += passed[j] ? 1 : 0;
      }
      cop[b] = passes == 0 ? Double.POSITIVE_INFINITY : sum / passes;
    }
    Arrays.sort(cop);
    double lower = cop[(int) Math.floor(0.025 * resamples)];
    double upper = cop[Math.max(0, (int) Math.ceil(0.975 * resamples) - 1)];
    return new Interval(lower, Double.isFinite(upper) ? upper : null);
  }

  /** {@link #costOfPassInterval(double[], boolean[], int, long)} with the default size and seed. */
  public static Interval costOfPassInterval(double[] costs, boolean[] passed) {
    return costOfPassInterval(costs, passed, BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED);
  }

  /**
   * The two-sided p-value of Fisher's exact test on the 2×2 table (passes, fails) × (group 1, group
   * 2): the sum of the hypergeometric probabilities of every table with the same margins that is no
   * more likely than the observed one (within a relative 1e-7, as R's {@code fisher.test}).
   */
  public static double fisherExact(int passes1, int runs1, int passes2, int runs2) {
    checkCounts(passes1, runs1);
    checkCounts(passes2, runs2);
    int n = runs1 + runs2;
    int passes = passes1 + passes2;
    double[] logFactorial = new double[n + 1];
    for (int i = 2; i <= n; i++) {
      logFactorial[i] = logFactorial[i - 1] + Math.log(i);
    }
    double observed = logHypergeometric(passes1, runs1, runs2, passes, logFactorial);
    double p = 0;
    for (int x = Math.max(0, passes - runs2); x <= Math.min(passes, runs1); x++) {
      double lp = logHypergeometric(x, runs1, runs2, passes, logFactorial);
      // log(1 + 1e-7) ≈ 1e-7: tables equal to the observed one up to rounding count as equal.
      if (lp <= observed + 1e-7) {
        p += Math.exp(lp);
      }
    }
    return Math.min(1.0, p);
  }

  /** log P(X = x) of the hypergeometric distribution of the table's first cell. */
  private static double logHypergeometric(
      int x, int runs1, int runs2, int passes, double[] logFactorial) {
    return logChoose(runs1, x, logFactorial)
        + logChoose(runs2, passes - x, logFactorial)
        - logChoose(runs1 + runs2, passes, logFactorial);
  }

  private static double logChoose(int n, int k, double[] logFactorial) {
    return logFactorial[n] - logFactorial[k] - logFactorial[n - k];
  }

  private static void checkCounts(int passes, int runs) {
    if (runs < 0 || passes < 0 || passes > runs) {
      throw new IllegalArgumentException(
          "passes must be within [0, runs], got " + passes + " of " + runs);
    }
  }
}
