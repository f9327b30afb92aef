package dev.scylla.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/**
 * A letter grade. Declared worst first, so that {@link #compareTo} orders F &lt; D &lt; C &lt; B
 * &lt; A &lt; S.
 */
public enum Grade {
  /** Failing. */
  F,
  /** Marginal. */
  D,
  /** Acceptable. */
  C,
  /** Good. */
  B,
  /** Excellent. */
  A,
  /** Above and beyond (a perfect score by default). */
  S;

  /**
   * Parses a grade letter, case-insensitive.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  @JsonCreator
  public static Grade parse(String text) {
    if (text != null) {
      String t = text.trim().toUpperCase(Locale.ROOT);
      for (Grade g : values()) {
        if (g.name().equals(t)) {
          return g;
        }
      }
    }
    throw new IllegalArgumentException("unknown grade '" + text + "': expected one of S,A,B,C,D,F");
  }
}
