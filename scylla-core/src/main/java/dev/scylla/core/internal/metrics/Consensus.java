package dev.scylla.core.internal.metrics;

import dev.scylla.core.model.CriterionScore;
import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.model.Grade;
import dev.scylla.core.model.JudgeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The verdict of several judges on one run.
 *
 * <p>score = mean of the scores of the judges with a valid verdict; passed = strictly more than
 * half of those judges passed the run, each by its own {@code passed} (ProjectScylla's rule: a
 * judge may pass a run below the threshold, or fail one above it); grade = the grade of that score.
 * With no valid judge there is no score or grade, the run is not passed, and {@code reasoning} says
 * why. Invalid judges are left out of the vote.
 *
 * @param score the consensus score, null when no judge is valid
 * @param passed whether a strict majority of the valid judges passed the run
 * @param grade the grade of {@code score}, null when there is none
 * @param reasoning the valid judges' reasoning (one judge: its own; several: each prefixed by judge
 *     number and model), or why there is no verdict
 * @param criteriaScores the first valid judge's per-criterion scores
 * @param validJudges the number of judges with a valid verdict
 */
public record Consensus(
    Double score,
    boolean passed,
    Grade grade,
    String reasoning,
    Map<String, CriterionScore> criteriaScores,
    int validJudges) {

  /** Copies the map. */
  public Consensus {
    criteriaScores = criteriaScores == null ? Map.of() : Map.copyOf(criteriaScores);
  }

  /** Whether at least one judge gave a valid verdict. */
  public boolean hasScore() {
    return score != null;
  }

  /** The number of valid judge verdicts in {@code result} whose passed contradicts their score. */
  public static int contradictions(ExperimentResult result) {
    return (int) judges(result).filter(JudgeResult::contradictsScore).count();
  }

  /** The number of valid judge verdicts in {@code result} that gave no passed of their own. */
  public static int passedFromScore(ExperimentResult result) {
    return (int) judges(result).filter(JudgeResult::passedFromScore).count();
  }

  private static java.util.stream.Stream<JudgeResult> judges(ExperimentResult result) {
    return result.tierResults().values().stream()
        .flatMap(t -> t.subtestResults().values().stream())
        .flatMap(s -> s.runs().stream())
        .flatMap(r -> r.judges().stream())
        .filter(JudgeResult::valid);
  }

  /** The consensus of {@code judges}, graded on {@code gradeScale}. */
  public static Consensus of(List<JudgeResult> judges, Map<Grade, Double> gradeScale) {
    List<JudgeResult> valid = judges.stream().filter(JudgeResult::valid).toList();
    if (valid.isEmpty()) {
      List<String> errors = new ArrayList<>();
      for (JudgeResult judge : judges) {
        errors.add("judge " + judge.judgeNumber() + " (" + judge.model() + "): " + judge.error());
      }
      String reason =
          judges.isEmpty()
              ? "no valid judge verdict: no judge ran"
              : "no valid judge verdict: " + String.join("; ", errors);
      return new Consensus(null, false, null, reason, Map.of(), 0);
    }
    double mean = valid.stream().mapToDouble(JudgeResult::score).average().orElseThrow();
    long passes = valid.stream().filter(JudgeResult::passed).count();
    boolean passed = passes * 2 > valid.size();
    String reasoning;
    if (valid.size() == 1) {
      reasoning = valid.get(0).reasoning();
    } else {
      List<String> parts = new ArrayList<>();
      for (JudgeResult judge : valid) {
        parts.add(
            "Judge " + judge.judgeNumber() + " (" + judge.model() + "): " + judge.reasoning());
      }
      reasoning = String.join("\n\n", parts);
    }
    return new Consensus(
        mean,
        passed,
        Grades.of(mean, gradeScale),
        reasoning,
        valid.get(0).criteriaScores(),
        valid.size());
  }
}
