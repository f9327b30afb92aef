package dev.scylla.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Kubernetes' rules for names and label values, and how free text (an experiment's id) is turned
 * into one: lower-cased, other characters replaced, and cut with a short hash of the whole so that
 * two long ids that share a prefix stay apart.
 */
public final class KubeNames {

  /** The longest object name that is also a DNS label (pods, volumes, namespaces). */
  public static final int MAX_LABEL = 63;

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

  private KubeNames() {}

  /** Whether {@code s} is a DNS label (RFC 1123): a pod's or a namespace's name. */
  public static boolean isLabel(String s) {
    return s != null && LABEL.matcher(s).matches();
  }

  /** Whether {@code s} is a DNS subdomain name (a Secret's name), at most 253 characters. */
  public static boolean isName(String s) {
    return s != null && s.length() <= 253 && NAME.matcher(s).matches();
  }

  /** Whether {@code s} is a valid label value (at most 63 characters). */
  public static boolean isLabelValue(String s) {
    return s != null && LABEL_VALUE.matcher(s).matches();
  }

  /**
   * A DNS label made of {@code parts} joined by '-': lower case, other characters as '-', and when
   * longer than 63 characters cut, with a hash of the whole appended.
   */
  public static String label(String... parts) {
    String joined = String.join("-", parts);
    String s = joined.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    s = s.replaceAll("-+", "-").replaceAll("^-|-$", "");
    if (s.isEmpty()) {
      s = "x";
    }
    if (s.length() > MAX_LABEL) {
      // A cut name keeps a hash of the whole, so two inputs with the same start stay distinct.
      String hash = hash(joined);
      int keep = Math.min(s.length(), MAX_LABEL - hash.length() - 1);
      s = s.substring(0, keep).replaceAll("-$", "") + "-" + hash;
    }
    return s;
  }

  /** {@code value} as a label value: other characters as '_', cut with a hash when too long. */
  public static String labelValue(String value) {
    String s = value.replaceAll("[^A-Za-z0-9_.-]", "_");
    if (s.length() > MAX_LABEL) {
      String hash = hash(value);
      s = s.substring(0, MAX_LABEL - hash.length() - 1) + "-" + hash;
    }
    s = s.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    return s;
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
