package dev.scylla.cli;

import picocli.CommandLine.Option;

/** Options that choose where the runs execute, and those of the Kubernetes target. */
public final class KubernetesOptions {

  /** Where the runs execute. */
  public enum Where {
    /** One runner container on this machine's Docker engine (the default). */
    container,
    /** One pod per run on a Kubernetes cluster. */
    kubernetes
  }

  @Option(
      names = "--target",
      paramLabel = "TARGET",
      description =
          "Where the runs execute: container (default: one runner container here) or kubernetes"
              + " (one pod per run; see docs/kubernetes.md).",
      defaultValue = "container")
  Where target = Where.container;

  @Option(
      names = "--dry-run",
      description =
          "With --target kubernetes: print the objects the first phase would create as YAML"
              + " (Secret values redacted) and create nothing.")
  boolean dryRun;

  @Option(
      names = "--kube-context",
      paramLabel = "NAME",
      description = "With --target kubernetes: the kubeconfig context (default: the current one).")
  String kubeContext;

  @Option(
      names = "--namespace",
      paramLabel = "NAME",
      description = "With --target kubernetes: the namespace (default: default).")
  String namespace;

  @Option(
      names = "--image-pull-secret",
      paramLabel = "NAME",
      description = "With --target kubernetes: the Secret the cluster pulls --image with.")
  String imagePullSecret;

  @Option(
      names = "--secret",
      paramLabel = "NAME",
      description =
          "With --target kubernetes: an existing Secret holding ANTHROPIC_API_KEY or"
              + " CLAUDE_CODE_OAUTH_TOKEN (default: one is created from those variables).")
  String secret;
}
