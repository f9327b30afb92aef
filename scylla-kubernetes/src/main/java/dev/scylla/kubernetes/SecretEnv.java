package dev.scylla.kubernetes;

import java.util.Objects;

/**
 * An environment variable whose value a pod takes from a key of a Secret ({@code secretKeyRef}):
 * the value never appears in the pod's spec.
 *
 * @param variable the environment variable
 * @param secretName the Secret
 * @param key the key in the Secret
 * @param optional whether the pod starts when the key is missing (the variable is then unset)
 */
public record SecretEnv(String variable, String secretName, String key, boolean optional) {

  /** Validates the reference. */
  public SecretEnv {
    Objects.requireNonNull(variable, "variable");
    Objects.requireNonNull(secretName, "secretName");
    Objects.requireNonNull(key, "key");
    if (!KubeNames.isName(secretName)) {
      throw new IllegalArgumentException(
          "secretName must be a DNS subdomain name, was '" + secretName + "'");
    }
  }
}
