package dev.scylla.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One run's pod, as plain values: one container of {@code image} (used exactly as given), never
 * restarted, ended by the cluster after {@code activeDeadlineSeconds}, with requests equal to
 * limits, running as a fixed non-root user with every privilege dropped, and no service account
 * token. {@link Manifests} turns it into the pod object.
 *
 * @param name the pod's name (DNS label)
 * @param namespace its namespace
 * @param image the container image, exactly as the cluster should pull it
 * @param imagePullSecret the Secret the kubelet pulls the image with; {@code null} for none
 * @param command the container's command (its entry point)
 * @param args the command's arguments
 * @param env plain environment variables (never credentials)
 * @param secretEnv environment variables taken from Secrets
 * @param labels the pod's labels
 * @param annotations the pod's annotations
 * @param cpus the CPUs requested and the limit (e.g. 2, 0.5)
 * @param memoryBytes the memory requested and the limit
 * @param activeDeadlineSeconds how long the pod may run before the cluster ends it
 * @param uid the non-root user and group the container runs as
 * @param volumes the pod's volumes
 */
public record RunPod(
    String name,
    String namespace,
    String image,
    String imagePullSecret,
    List<String> command,
    List<String> args,
    Map<String, String> env,
    List<SecretEnv> secretEnv,
    Map<String, String> labels,
    Map<String, String> annotations,
    double cpus,
    long memoryBytes,
    long activeDeadlineSeconds,
    long uid,
    List<PodVolume> volumes) {

  /** Validates every field; messages name the field and the bad value. */
  public RunPod {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(image, "image");
    if (!KubeNames.isLabel(name)) {
      throw new IllegalArgumentException("name must be a DNS label, was '" + name + "'");
    }
    if (!KubeNames.isLabel(namespace)) {
      throw new IllegalArgumentException("namespace must be a DNS label, was '" + namespace + "'");
    }
    if (image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("image must be an image reference, was '" + image + "'");
    }
    if (imagePullSecret != null && !KubeNames.isName(imagePullSecret)) {
      throw new IllegalArgumentException(
          "imagePullSecret must be a DNS subdomain name, was '" + imagePullSecret + "'");
    }
    command = List.copyOf(command);
    args = List.copyOf(args);
    env = Map.copyOf(env);
    secretEnv = List.copyOf(secretEnv);
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    volumes = List.copyOf(volumes);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must not be empty");
    }
    labels.forEach(
        (k, v) -> {
          if (!KubeNames.isLabelValue(v)) {
            throw new IllegalArgumentException("label " + k + " has a bad value '" + v + "'");
          }
        });
    if (!(cpus > 0)) {
      throw new IllegalArgumentException("cpus must be above 0, was " + cpus);
    }
    if (memoryBytes < (6L << 20)) {
      throw new IllegalArgumentException("memoryBytes must be at least 6 MiB, was " + memoryBytes);
    }
    if (activeDeadlineSeconds <= 0) {
      throw new IllegalArgumentException(
          "activeDeadlineSeconds must be above 0, was " + activeDeadlineSeconds);
    }
    if (uid <= 0) {
      throw new IllegalArgumentException("uid must be a non-root user (above 0), was " + uid);
    }
  }

  /** The CPU quantity: whole CPUs as a number ({@code 2}), else millicores ({@code 1500m}). */
  public String cpuQuantity() {
    long milli = Math.round(cpus * 1000);
    if (milli <= 0) {
      throw new IllegalArgumentException("cpus below one millicore: " + cpus);
    }
    return milli % 1000 == 0 ? Long.toString(milli / 1000) : milli + "m";
  }

  /** The memory quantity in the largest binary unit that is exact: {@code 4Gi}, {@code 512Mi}. */
  public String memoryQuantity() {
    String[] units = {"Ei", "Pi", "Ti", "Gi", "Mi", "Ki"};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << (10 * (units.length - i));
      if (memoryBytes % unit == 0) {
        return memoryBytes / unit + units[i];
      }
    }
    return Long.toString(memoryBytes);
  }
}
