package dev.scylla.kubernetes;

import dev.scylla.kubernetes.internal.Fabric8Objects;
import java.util.List;

/**
 * The objects Scylla creates on a cluster, as a YAML stream in the form {@code kubectl get -o yaml}
 * prints (one document per object, each starting with {@code ---}). Secrets are always redacted:
 * this form is for people and files, never for the API server.
 */
public final class Manifests {

  private Manifests() {}

  /** {@code secrets} then {@code pods} as one YAML stream, every Secret value redacted. */
  public static String yaml(List<CredentialsSecret> secrets, List<RunPod> pods) {
    StringBuilder out = new StringBuilder();
    for (CredentialsSecret s : secrets) {
      append(out, Fabric8Objects.yaml(Fabric8Objects.secret(s, true)));
    }
    for (RunPod p : pods) {
      append(out, Fabric8Objects.yaml(Fabric8Objects.pod(p)));
    }
    return out.toString();
  }

  private static void append(StringBuilder out, String document) {
    out.append(document);
    if (!document.endsWith("\n")) {
      out.append('\n');
    }
  }
}
