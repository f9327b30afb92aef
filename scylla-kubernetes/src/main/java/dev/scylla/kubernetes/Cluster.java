package dev.scylla.kubernetes;

import dev.scylla.kubernetes.internal.Fabric8Cluster;
import java.util.List;
import java.util.Map;

/**
 * The operations Scylla calls on one namespace of a cluster: create the credentials Secret and the
 * runs' pods, follow a pod, run commands in it, and remove what carries given labels. Failures are
 * {@link ClusterException}s whose kind says whether a person must act.
 */
public interface Cluster extends AutoCloseable {

  /**
   * The cluster of a kubeconfig context (the current one when {@code context} is null), checked by
   * one call to its API server.
   *
   * @throws ClusterException of problem {@link ClusterException.Problem#UNREACHABLE} naming the
   *     server when it does not answer, or when there is no kubeconfig
   */
  static Cluster connect(String context, String namespace) {
    return Fabric8Cluster.connect(context, namespace);
  }

  /** The API server's address. */
  String server();

  /** The namespace every call uses. */
  String namespace();

  /** Creates the credentials Secret (its values reach only the API server). */
  void create(CredentialsSecret secret);

  /** Whether a Secret of that name exists. */
  boolean secretExists(String name);

  /** Creates a run's pod. */
  void create(RunPod pod);

  /** Where the pod named {@code name} is. */
  PodState pod(String name);

  /** The names of the pods carrying every one of {@code labels}. */
  List<String> pods(Map<String, String> labels);

  /** Deletes one pod, at once; nothing when it does not exist. */
  void deletePod(String name);

  /**
   * Deletes every pod and Secret carrying every one of {@code labels}.
   *
   * @return how many objects were deleted
   */
  int deleteAll(Map<String, String> labels);

  /** Runs commands in the pods' containers. */
  PodExec exec();

  /** Releases the client. */
  @Override
  void close();
}
