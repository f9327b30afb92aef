package dev.scylla.core.internal;

/** Validation helpers shared by the model records' compact constructors. */
public final class Checks {
  private Checks() {}

  /** Checks one field; the message names it and the bad value. */
  public static <T> T notNull(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    return value;
  }

  /** Checks one field; the message names it and the bad value. */
  public static String notBlank(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank, got '" + value + "'");
    }
    return value;
  }

  /** Checks one field; the message names it and the bad value. */
  public static long nonNegative(long value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must be >= 0, got " + value);
    }
    return value;
  }

  /** Checks one field; the message names it and the bad value. */
  public static int nonNegative(int value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must be >= 0, got " + value);
    }
    return value;
  }

  /** Checks one field; the message names it and the bad value. */
  public static double finiteNonNegative(double value, String field) {
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(field + " must be a finite number >= 0, got " + value);
    }
    return value;
  }

  /** Null means undefined or unknown and is allowed; NaN and infinities never are. */
  /** Checks one field; the message names it and the bad value. */
  public static Double optionalFiniteNonNegative(Double value, String field) {
    if (value != null) {
      finiteNonNegative(value, field);
    }
    return value;
  }

  /** Checks one field; the message names it and the bad value. */
  public static Double optionalUnit(Double value, String field) {
    if (value != null) {
      unit(value, field);
    }
    return value;
  }

  /** Checks one field; the message names it and the bad value. */
  public static double unit(double value, String field) {
    if (!Double.isFinite(value) || value < 0 || value > 1) {
      throw new IllegalArgumentException(field + " must be within [0, 1], got " + value);
    }
    return value;
  }
}
