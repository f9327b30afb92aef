package dev.scylla.kubernetes.internal;

import dev.scylla.kubernetes.CredentialsSecret;
import dev.scylla.kubernetes.PodVolume;
import dev.scylla.kubernetes.RunPod;
import dev.scylla.kubernetes.SecretEnv;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The fabric8 objects of {@link RunPod} and {@link CredentialsSecret}, and their YAML. */
public final class Fabric8Objects {

  /** The name of the one container of a run's pod. */
  public static final String CONTAINER = "run";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Fabric8Objects() {}

  /** The pod object of {@code spec}. */
  public static Pod pod(RunPod spec) {
    Map<String, Quantity> resources = new LinkedHashMap<>();
    resources.put("cpu", new Quantity(spec.cpuQuantity()));
    resources.put("memory", new Quantity(spec.memoryQuantity()));
    List<EnvVar> env = new ArrayList<>();
    new TreeMap<>(spec.env()).forEach((k, v) -> env.add(new EnvVar(k, v, null)));
    for (SecretEnv s : spec.secretEnv()) {
      env.add(
          new EnvVarBuilder()
              .withName(s.variable())
              .withNewValueFrom()
              .withNewSecretKeyRef()
              .withName(s.secretName())
              .withKey(s.key())
              .withOptional(s.optional())
              .endSecretKeyRef()
              .endValueFrom()
              .build());
    }
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    for (PodVolume v : spec.volumes()) {
      VolumeBuilder vb = new VolumeBuilder().withName(v.name());
      if (v.fromAnnotation()) {
        vb.withNewDownwardAPI()
            .addNewItem()
            .withPath(v.fileName())
            .withNewFieldRef()
            .withFieldPath("metadata.annotations['" + v.annotation() + "']")
            .endFieldRef()
            .endItem()
            .endDownwardAPI();
      } else {
        vb.withNewEmptyDir().endEmptyDir();
      }
      volumes.add(vb.build());
      mounts.add(
          new VolumeMountBuilder()
              .withName(v.name())
              .withMountPath(v.mountPath())
              .withReadOnly(v.fromAnnotation())
              .build());
    }
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(spec.name())
            .withNamespace(spec.namespace())
            .withLabels(new TreeMap<>(spec.labels()))
            .withAnnotations(new TreeMap<>(spec.annotations()))
            .endMetadata();
    var podSpec =
        pod.withNewSpec()
            .withRestartPolicy("Never")
            .withActiveDeadlineSeconds(spec.activeDeadlineSeconds())
            .withAutomountServiceAccountToken(false)
            .withEnableServiceLinks(false)
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withRunAsUser(spec.uid())
            .withRunAsGroup(spec.uid())
            .withFsGroup(spec.uid())
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext()
            .addNewContainer()
            .withName(CONTAINER)
            .withImage(spec.image())
            .withImagePullPolicy("IfNotPresent")
            .withCommand(spec.command())
            .withArgs(spec.args())
            .withEnv(env)
            .withVolumeMounts(mounts)
            .withNewResources()
            .withRequests(resources)
            .withLimits(resources)
            .endResources()
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withRunAsUser(spec.uid())
            .withRunAsGroup(spec.uid())
            .withAllowPrivilegeEscalation(false)
            .withPrivileged(false)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext()
            .endContainer()
            .withVolumes(volumes);
    if (spec.imagePullSecret() != null) {
      podSpec.addNewImagePullSecret(spec.imagePullSecret());
    }
    return podSpec.endSpec().build();
  }

  /**
   * The Secret object of {@code secret}; with {@code redact} its values are {@link
   * CredentialsSecret#REDACTED}, for any form that is printed.
   */
  public static Secret secret(CredentialsSecret secret, boolean redact) {
    Map<String, String> data = new TreeMap<>();
    secret.data().forEach((k, v) -> data.put(k, redact ? CredentialsSecret.REDACTED : v));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(secret.name())
        .withNamespace(secret.namespace())
        .withLabels(new TreeMap<>(secret.labels()))
        .endMetadata()
        .withType("Opaque")
        .withImmutable(true)
        .withStringData(data)
        .build();
  }

  /** One object as a YAML document, starting with {@code ---}. */
  public static String yaml(HasMetadata object) {
    String yaml = SERIALIZATION.asYaml(object);
    return yaml.startsWith("---") ? yaml : "---\n" + yaml;
  }
}
