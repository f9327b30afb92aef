package dev.scylla.credentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A token or key whose {@link #toString()} never shows the value, so it cannot leak into a log
 * line, an exception message or a debugger's summary by accident.
 */
public final class Secret {

  private static final Secret EMPTY = new Secret("");

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** Wraps a value; {@code null} becomes the empty secret. */
  public static Secret of(String value) {
    return value == null || value.isEmpty() ? EMPTY : new Secret(value);
  }

  /** The empty secret (no token). */
  public static Secret empty() {
    return EMPTY;
  }

  /** The secret value itself; call only where it must leave the process (a file, an env var). */
  public String reveal() {
    return value;
  }

  /** Whether there is no value, or only whitespace. */
  public boolean isBlank() {
    return value.isBlank();
  }

  @Override
  public boolean equals(Object other) {
    // Constant-time comparison: equality checks should not leak how much of a token matched.
    return other instanceof Secret s
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return Objects.hash(Secret.class, value.length());
  }

  /** Says whether a value is present, never what it is. */
  @Override
  public String toString() {
    return value.isEmpty() ? "Secret[empty]" : "Secret[redacted]";
  }
}
