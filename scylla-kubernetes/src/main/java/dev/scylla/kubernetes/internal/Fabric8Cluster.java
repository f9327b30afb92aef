package dev.scylla.kubernetes.internal;

import dev.scylla.kubernetes.Cluster;
import dev.scylla.kubernetes.ClusterException;
import dev.scylla.kubernetes.CredentialsSecret;
import dev.scylla.kubernetes.PodExec;
import dev.scylla.kubernetes.PodState;
import dev.scylla.kubernetes.RunPod;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link Cluster} through fabric8's client; the only class that calls the API server. */
public final class Fabric8Cluster implements Cluster {

  private final KubernetesClient client;
  private final String namespace;
  private final PodExec exec;

  /**
   * A cluster through {@code client}; {@code exec} runs commands in pods (null: the API server's
   * {@code pods/exec}).
   */
  public Fabric8Cluster(KubernetesClient client, String namespace, PodExec exec) {
    this.client = client;
    this.namespace = namespace;
    this.exec = exec != null ? exec : this::apiExec;
  }

  /** The cluster of a kubeconfig context, checked by one call. */
  public static Fabric8Cluster connect(String context, String namespace) {
    Config config;
    try {
      config = context == null ? Config.autoConfigure(null) : Config.autoConfigure(context);
    } catch (RuntimeException e) {
      throw new ClusterException(
          ClusterException.Problem.UNREACHABLE,
          "cannot read the kubeconfig"
              + (context == null ? "" : " context '" + context + "'")
              + ": "
              + e.getMessage(),
          e);
    }
    config.setRequestTimeout(10_000);
    config.setConnectionTimeout(5_000);
    config.setRequestRetryBackoffLimit(0);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    Fabric8Cluster cluster = new Fabric8Cluster(client, namespace, null);
    try {
      client
          .pods()
          .inNamespace(namespace)
          .withLabel("app.kubernetes.io/managed-by", "scylla")
          .list();
    } catch (KubernetesClientException e) {
      client.close();
      if (e.getCode() == 403 || e.getCode() == 401) {
        throw cluster.refused("list", "pods", e);
      }
      throw new ClusterException(
          ClusterException.Problem.UNREACHABLE,
          "cannot reach the Kubernetes API server at "
              + config.getMasterUrl()
              + ": "
              + rootMessage(e),
          e);
    }
    return cluster;
  }

  @Override
  public String server() {
    return client.getMasterUrl().toString();
  }

  @Override
  public String namespace() {
    return namespace;
  }

  @Override
  public void create(CredentialsSecret secret) {
    call(
        "create",
        "secrets",
        () ->
            client
                .secrets()
                .inNamespace(namespace)
                .resource(Fabric8Objects.secret(secret, false))
                .create());
  }

  @Override
  public boolean secretExists(String name) {
    return call(
        "get",
        "secrets",
        () -> client.secrets().inNamespace(namespace).withName(name).get() != null);
  }

  @Override
  public void create(RunPod pod) {
    call(
        "create",
        "pods",
        () -> client.pods().inNamespace(namespace).resource(Fabric8Objects.pod(pod)).create());
  }

  @Override
  public PodState pod(String name) {
    Pod pod = call("get", "pods", () -> client.pods().inNamespace(namespace).withName(name).get());
    if (pod == null) {
      return PodState.absent();
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return new PodState(PodState.Phase.FAILED, "Deleted", "the pod is being deleted");
    }
    PodStatus status = pod.getStatus();
    if (status == null || status.getPhase() == null) {
      return new PodState(PodState.Phase.PENDING, "", "");
    }
    PodState.Phase phase;
    try {
      phase = PodState.Phase.valueOf(status.getPhase().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      phase = PodState.Phase.UNKNOWN;
    }
    String reason = status.getReason();
    String message = status.getMessage();
    if (status.getContainerStatuses() != null) {
      for (ContainerStatus c : status.getContainerStatuses()) {
        if (c.getState() != null && c.getState().getWaiting() != null) {
          reason = c.getState().getWaiting().getReason();
          message = c.getState().getWaiting().getMessage();
        }
      }
    }
    return new PodState(phase, reason, message);
  }

  @Override
  public List<String> pods(Map<String, String> labels) {
    return call(
        "list",
        "pods",
        () ->
            client.pods().inNamespace(namespace).withLabels(labels).list().getItems().stream()
                .map(p -> p.getMetadata().getName())
                .sorted()
                .toList());
  }

  @Override
  public void deletePod(String name) {
    call(
        "delete",
        "pods",
        () -> client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete());
  }

  @Override
  public int deleteAll(Map<String, String> labels) {
    int pods =
        call(
            "delete",
            "pods",
            () ->
                client
                    .pods()
                    .inNamespace(namespace)
                    .withLabels(labels)
                    .withGracePeriod(0)
                    .delete()
                    .size());
    int secrets =
        call(
            "delete",
            "secrets",
            () -> client.secrets().inNamespace(namespace).withLabels(labels).delete().size());
    return pods + secrets;
  }

  @Override
  public PodExec exec() {
    return exec;
  }

  @Override
  public void close() {
    client.close();
  }

  private int apiExec(String pod, List<String> command, InputStream stdin, OutputStream stdout)
      throws InterruptedException {
    var op =
        client.pods().inNamespace(namespace).withName(pod).inContainer(Fabric8Objects.CONTAINER);
    try (ExecWatch watch =
        (stdin == null ? op.writingOutput(stdout) : op.readingInput(stdin).writingOutput(stdout))
            .exec(command.toArray(String[]::new))) {
      return watch.exitCode().get(30, TimeUnit.MINUTES);
    } catch (ExecutionException | TimeoutException e) {
      throw new ClusterException(
          ClusterException.Problem.TRANSIENT,
          "cannot run " + command.get(0) + " in pod " + pod + ": " + rootMessage(e),
          e);
    } catch (KubernetesClientException e) {
      throw classified("create", "pods/exec", e);
    }
  }

  private <T> T call(String verb, String resource, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      throw classified(verb, resource, e);
    }
  }

  private ClusterException classified(String verb, String resource, KubernetesClientException e) {
    if (e.getCode() == 403 || e.getCode() == 401) {
      return refused(verb, resource, e);
    }
    if (e.getCode() == 0) {
      return new ClusterException(
          ClusterException.Problem.UNREACHABLE,
          "cannot reach the Kubernetes API server at " + server() + ": " + rootMessage(e),
          e);
    }
    return new ClusterException(
        ClusterException.Problem.TRANSIENT,
        "the API server could not " + verb + " " + resource + ": " + oneLine(e.getMessage()),
        e);
  }

  private ClusterException refused(String verb, String resource, KubernetesClientException e) {
    String said =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : String.valueOf(e.getMessage());
    if (said.toLowerCase(Locale.ROOT).contains("exceeded quota")) {
      return new ClusterException(
          ClusterException.Problem.QUOTA,
          "a resource quota of namespace "
              + namespace
              + " refused a pod ("
              + oneLine(said)
              + "): raise the quota, or ask for fewer pods at once or smaller ones",
          e);
    }
    return new ClusterException(
        ClusterException.Problem.FORBIDDEN,
        "the API server forbids '"
            + verb
            + "' on "
            + resource
            + " in namespace "
            + namespace
            + " ("
            + oneLine(said)
            + "): grant that verb to this user in the namespace's Role",
        e);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return oneLine(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").strip();
  }
}
