package dev.scylla.kubernetes;

import java.util.Map;
import java.util.Objects;

/**
 * An Opaque Secret holding credentials, as Scylla creates it for an experiment. Its values are
 * never printed: {@link #toString()} and every YAML form of it redact them.
 *
 * @param name the Secret's name
 * @param namespace its namespace
 * @param labels its labels
 * @param data key to value (kept in memory only to be sent to the API server)
 */
public record CredentialsSecret(
    String name, String namespace, Map<String, String> labels, Map<String, String> data) {

  /** What every printed form shows instead of a value. */
  public static final String REDACTED = "<redacted>";

  /** Validates the Secret. */
  public CredentialsSecret {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    if (!KubeNames.isName(name)) {
      throw new IllegalArgumentException("name must be a DNS subdomain name, was '" + name + "'");
    }
    if (!KubeNames.isLabel(namespace)) {
      throw new IllegalArgumentException("namespace must be a DNS label, was '" + namespace + "'");
    }
    labels = Map.copyOf(labels);
    data = Map.copyOf(data);
    if (data.isEmpty()) {
      throw new IllegalArgumentException("data must hold at least one key, was empty");
    }
  }

  @Override
  public String toString() {
    return "CredentialsSecret[name="
        + name
        + ", namespace="
        + namespace
        + ", keys="
        + data.keySet().stream().sorted().toList()
        + "]";
  }
}
