package dev.scylla.core.internal.metrics;

import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.SubTestResult;
import java.util.List;

/**
 * The statistics of one sub-test's runs (formulas in {@link Statistics} and docs/report.md).
 *
 * @param passes runs that passed
 * @param runs the scored runs (errored runs without a score are left out)
 * @param passRateInterval the 95 % Wilson interval of the pass rate, null without runs
 * @param passAtK pass@k for k = 1 … runs
 * @param costOfPass mean cost / pass rate, null without a pass or with an unknown cost
 * @param costOfPassInterval its seeded bootstrap 95 % interval, null when it is null
 */
public record SubTestStatistics(
    int passes,
    int runs,
    Statistics.Interval passRateInterval,
    List<Double> passAtK,
    Double costOfPass,
    Statistics.Interval costOfPassInterval) {

  /** Copies the list. */
  public SubTestStatistics {
    passAtK = List.copyOf(passAtK);
  }

  /** The statistics of {@code s}. */
  public static SubTestStatistics of(SubTestResult s) {
    // Errored runs without a score are outside every pass statistic.
    List<RunResult> rs = s.runs().stream().filter(RunResult::scored).toList();
    int passes = (int) rs.stream().filter(RunResult::judgePassed).count();
    Double cop = Metrics.costOfPass(s);
    Statistics.Interval interval = null;
    if (cop != null) {
      double[] costs = rs.stream().mapToDouble(RunResult::costUsd).toArray();
      boolean[] passed = new boolean[rs.size()];
      for (int i = 0; i < passed.length; i++) {
        passed[i] = rs.get(i).judgePassed();
      }
      interval = Statistics.costOfPassInterval(costs, passed);
    }
    return new SubTestStatistics(
        passes,
        rs.size(),
        Statistics.wilson(passes, rs.size()),
        Statistics.passAtK(passes, rs.size()),
        cop,
        interval);
  }
}
