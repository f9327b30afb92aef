package dev.scylla.core.internal.metrics;

import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierResult;
import java.util.Comparator;
import java.util.Optional;

/**
 * Whether a tier's best sub-test's pass count differs from its runner-up's: Fisher's exact test
 * (two-sided) at {@link Statistics#ALPHA}. The runner-up is the other sub-test with the highest
 * median score (ties: the higher pass rate, then the lower id).
 *
 * @param best the best sub-test's id
 * @param bestPasses its passes
 * @param bestRuns its runs
 * @param runnerUp the runner-up's id
 * @param runnerUpPasses its passes
 * @param runnerUpRuns its runs
 * @param pValue the two-sided p-value
 * @param significant whether {@code pValue < ALPHA}
 */
public record BestVsRunnerUp(
    String best,
    int bestPasses,
    int bestRuns,
    String runnerUp,
    int runnerUpPasses,
    int runnerUpRuns,
    double pValue,
    boolean significant) {

  /** The test for {@code tier}; empty when it has no best sub-test or no scored runner-up. */
  public static Optional<BestVsRunnerUp> of(TierResult tier) {
    SubTestResult best = tier.best();
    if (best == null) {
      return Optional.empty();
    }
    Optional<SubTestResult> runnerUp =
        tier.subtestResults().values().stream()
            .filter(s -> !s.subtestId().equals(best.subtestId()) && s.medianScore() != null)
            .min(
                Comparator.comparing((SubTestResult s) -> -s.medianScore())
                    .thenComparing(s -> -s.passRate())
                    .thenComparing(SubTestResult::subtestId));
    if (runnerUp.isEmpty()) {
      return Optional.empty();
    }
    SubTestResult r = runnerUp.get();
    int bp = passes(best);
    int rp = passes(r);
    double p = Statistics.fisherExact(bp, scored(best), rp, scored(r));
    return Optional.of(
        new BestVsRunnerUp(
            best.subtestId(),
            bp,
            scored(best),
            r.subtestId(),
            rp,
            scored(r),
            p,
            p < Statistics.ALPHA));
  }

  private static int passes(SubTestResult s) {
    return (int) s.runs().stream().filter(RunResult::judgePassed).count();
  }

  /** The runs a verdict scored: errored runs count in no pass statistic. */
  private static int scored(SubTestResult s) {
    return (int) s.runs().stream().filter(RunResult::scored).count();
  }
}
