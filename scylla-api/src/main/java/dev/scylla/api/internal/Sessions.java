package dev.scylla.api.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/** Names of what one Scylla invocation creates. */
public final class Sessions {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Sessions() {}

  /** A fresh session id: 8 hex digits. */
  public static String newId() {
    byte[] bytes = new byte[4];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** {@code text} reduced to what a container name allows, at most 40 characters. */
  public static String sanitize(String text) {
    String cleaned =
        text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "-").replaceAll("^[-_.]+", "");
    if (cleaned.isEmpty()) {
      cleaned = "experiment";
    }
    return cleaned.length() > 40 ? cleaned.substring(0, 40) : cleaned;
  }
}
