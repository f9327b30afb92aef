package dev.scylla.core.internal.metrics;

import dev.scylla.core.model.Grade;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Grades and pass/fail of a score.
 *
 * <p>A score gets the best grade whose threshold it reaches: with the default scale, S when score =
 * 1.0, A when score &ge; 0.80, B &ge; 0.60, C &ge; 0.40, D &ge; 0.20, else F. A run passes when
 * score &ge; pass_threshold (default 0.60). Comparisons allow {@value #EPSILON} of rounding error,
 * so that a weighted sum that should be 0.8 and computes as 0.7999999999 is still an A.
 */
public final class Grades {

  /** Rounding tolerance of threshold comparisons. */
  public static final double EPSILON = 1e-9;

  /** S 1.0, A 0.80, B 0.60, C 0.40, D 0.20, F 0.0. */
  public static final Map<Grade, Double> DEFAULT_SCALE;

  static {
    EnumMap<Grade, Double> scale = new EnumMap<>(Grade.class);
    scale.put(Grade.S, 1.0);
    scale.put(Grade.A, 0.80);
    scale.put(Grade.B, 0.60);
    scale.put(Grade.C, 0.40);
    scale.put(Grade.D, 0.20);
    scale.put(Grade.F, 0.0);
    DEFAULT_SCALE = Collections.unmodifiableMap(scale);
  }

  private Grades() {}

  /** The grade of {@code score} on the default scale. */
  public static Grade of(double score) {
    return of(score, DEFAULT_SCALE);
  }

  /**
   * The best grade g with {@code score >= scale[g]} ({@link #EPSILON} tolerance), else F.
   *
   * @throws IllegalArgumentException when the score is not within [0, 1]
   */
  public static Grade of(double score, Map<Grade, Double> scale) {
    checkScore(score);
    Grade[] grades = Grade.values();
    for (int i = grades.length - 1; i >= 0; i--) {
      Double threshold = scale.get(grades[i]);
      if (threshold != null && score + EPSILON >= threshold) {
        return grades[i];
      }
    }
    return Grade.F;
  }

  /** Pass = score &ge; threshold ({@link #EPSILON} tolerance). */
  public static boolean passes(double score, double passThreshold) {
    checkScore(score);
    return score + EPSILON >= passThreshold;
  }

  /**
   * Checks that a grade scale has thresholds within [0, 1] that do not rise as grades fall.
   *
   * @throws IllegalArgumentException naming the grade and value at fault
   */
  public static void checkScale(Map<Grade, Double> scale) {
    Double previous = null;
    Grade previousGrade = null;
    Grade[] grades = Grade.values();
    for (int i = grades.length - 1; i >= 0; i--) {
      Double threshold = scale.get(grades[i]);
      if (threshold == null) {
        continue;
      }
      if (!Double.isFinite(threshold) || threshold < 0 || threshold > 1) {
        throw new IllegalArgumentException(
            "grade_scale " + grades[i] + " must be within [0, 1], got " + threshold);
      }
      if (previous != null && threshold > previous) {
        throw new IllegalArgumentException(
            "grade_scale "
                + grades[i]
                + " ("
                + threshold
                + ") must not be above "
                + previousGrade
                + " ("
                + previous
                + ")");
      }
      previous = threshold;
      previousGrade = grades[i];
    }
  }

  private static void checkScore(double score) {
    if (!Double.isFinite(score) || score < 0 || score > 1) {
      throw new IllegalArgumentException("score must be within [0, 1], got " + score);
    }
  }
}
