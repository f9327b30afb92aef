package dev.scylla.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pod and Secret objects, read back from their YAML with fabric8's own parser: proves the
 * fields a cluster's admission would check are in the YAML with the values given; it does not prove
 * a cluster accepts them (no API server runs here).
 */
class ManifestsTest {

  private static final String TOKEN = "sk-ant-oat01-not-a-real-token-123456";

  static RunPod pod(String name) {
    return new RunPod(
        name,
        "research",
        "registry.example/scylla-runner:1.2-abc",
        "pull-creds",
        List.of("/usr/bin/tini", "--", "scylla"),
        List.of("pod-run", "/scylla/job/job.json"),
        Map.of("SCYLLA_IN_POD", "1"),
        List.of(
            new SecretEnv("CLAUDE_CODE_OAUTH_TOKEN", "exp-creds", "CLAUDE_CODE_OAUTH_TOKEN", true)),
        Map.of("dev.scylla/experiment", "exp-1", "dev.scylla/run", "1"),
        Map.of("dev.scylla/job", "{\"run\":1}"),
        1.5,
        4L << 30,
        3900,
        10001,
        List.of(
            PodVolume.annotationFile("job", "/scylla/job", "dev.scylla/job", "job.json"),
            PodVolume.emptyDir("in", "/scylla/in")));
  }

  static CredentialsSecret secret() {
    return new CredentialsSecret(
        "exp-creds",
        "research",
        Map.of("dev.scylla/experiment", "exp-1"),
        Map.of("CLAUDE_CODE_OAUTH_TOKEN", TOKEN));
  }

  @Test
  void yaml_isAStreamFabric8ReadsBackFieldByField() {
    String yaml = Manifests.yaml(List.of(secret()), List.of(pod("p-1"), pod("p-2")));

    List<HasMetadata> objects = parse(yaml);
    assertThat(objects).hasSize(3);
    Secret secret = (Secret) objects.get(0);
    assertThat(secret.getMetadata().getName()).isEqualTo("exp-creds");
    assertThat(secret.getType()).isEqualTo("Opaque");
    assertThat(secret.getStringData())
        .containsExactly(Map.entry("CLAUDE_CODE_OAUTH_TOKEN", CredentialsSecret.REDACTED));

    Pod pod = (Pod) objects.get(1);
    assertThat(pod.getMetadata().getName()).isEqualTo("p-1");
    assertThat(pod.getMetadata().getNamespace()).isEqualTo("research");
    assertThat(pod.getMetadata().getLabels()).containsEntry("dev.scylla/experiment", "exp-1");
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(3900L);
    assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSpec().getImagePullSecrets())
        .extracting("name")
        .containsExactly("pull-creds");
    assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType())
        .isEqualTo("RuntimeDefault");
    Container c = pod.getSpec().getContainers().get(0);
    assertThat(pod.getSpec().getContainers()).hasSize(1);
    assertThat(c.getImage()).isEqualTo("registry.example/scylla-runner:1.2-abc");
    assertThat(c.getCommand()).containsExactly("/usr/bin/tini", "--", "scylla");
    assertThat(c.getArgs()).containsExactly("pod-run", "/scylla/job/job.json");
    assertThat(c.getResources().getRequests()).isEqualTo(c.getResources().getLimits());
    assertThat(c.getResources().getLimits())
        .containsEntry("cpu", new Quantity("1500m"))
        .containsEntry("memory", new Quantity("4Gi"));
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getPrivileged()).isFalse();
    assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(c.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(c.getEnv()).hasSize(2);
    assertThat(c.getEnv().get(0).getValue()).isEqualTo("1");
    var ref = c.getEnv().get(1).getValueFrom().getSecretKeyRef();
    assertThat(c.getEnv().get(1).getValue()).isNull();
    assertThat(ref.getName()).isEqualTo("exp-creds");
    assertThat(ref.getKey()).isEqualTo("CLAUDE_CODE_OAUTH_TOKEN");
    assertThat(pod.getSpec().getVolumes().get(0).getDownwardAPI().getItems().get(0))
        .satisfies(
            i -> {
              assertThat(i.getPath()).isEqualTo("job.json");
              assertThat(i.getFieldRef().getFieldPath())
                  .isEqualTo("metadata.annotations['dev.scylla/job']");
            });
    assertThat(pod.getSpec().getVolumes().get(1).getEmptyDir()).isNotNull();
    assertThat(c.getVolumeMounts().get(0).getReadOnly()).isTrue();
    assertThat(c.getVolumeMounts().get(1).getMountPath()).isEqualTo("/scylla/in");
    assertThat(((Pod) objects.get(2)).getMetadata().getName()).isEqualTo("p-2");
  }

  @Test
  void secretValues_appearNowhereInPrintedForms() {
    String yaml = Manifests.yaml(List.of(secret()), List.of(pod("p-1")));

    assertThat(yaml).doesNotContain(TOKEN).contains(CredentialsSecret.REDACTED);
    assertThat(secret().toString()).doesNotContain(TOKEN).contains("CLAUDE_CODE_OAUTH_TOKEN");
  }

  @Test
  void memoryAndCpu_areKubernetesQuantities() {
    assertThat(withResources(4, 4L << 30).memoryQuantity()).isEqualTo("4Gi");
    assertThat(withResources(4, 512L << 20).memoryQuantity()).isEqualTo("512Mi");
    assertThat(withResources(4, (3L << 29)).memoryQuantity()).isEqualTo("1536Mi");
    assertThat(withResources(4, 7_000_001).memoryQuantity()).isEqualTo("7000001");
    assertThat(withResources(4, 1L << 30).cpuQuantity()).isEqualTo("4");
    assertThat(withResources(0.25, 1L << 30).cpuQuantity()).isEqualTo("250m");
  }

  @Test
  void badValues_areRefusedNamingTheField() {
    assertThatThrownBy(() -> withUid(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uid");
    assertThatThrownBy(() -> pod("Not_A_Name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name must be a DNS label, was 'Not_A_Name'");
    assertThatThrownBy(() -> withResources(0, 1L << 30)).hasMessageContaining("cpus");
    assertThatThrownBy(() -> new CredentialsSecret("s", "ns", Map.of(), Map.of()))
        .hasMessageContaining("data");
  }

  @Test
  void names_fitKubernetesRulesAndStayDistinct() {
    String long1 = "experiment-" + "x".repeat(80) + "-a";
    String long2 = "experiment-" + "x".repeat(80) + "-b";
    assertThat(KubeNames.label("scylla", long1)).hasSizeLessThanOrEqualTo(63);
    assertThat(KubeNames.isLabel(KubeNames.label("scylla", long1))).isTrue();
    assertThat(KubeNames.label("scylla", long1)).isNotEqualTo(KubeNames.label("scylla", long2));
    assertThat(KubeNames.label("scylla", "Hello_World.2", "T0", "00", "r1"))
        .isEqualTo("scylla-hello-world-2-t0-00-r1");
    assertThat(KubeNames.isLabelValue(KubeNames.labelValue(long1))).isTrue();
    assertThat(KubeNames.labelValue("T0/00")).isEqualTo("T0_00");
  }

  private static RunPod withResources(double cpus, long memory) {
    RunPod p = pod("p");
    return new RunPod(
        p.name(),
        p.namespace(),
        p.image(),
        null,
        p.command(),
        p.args(),
        p.env(),
        p.secretEnv(),
        p.labels(),
        p.annotations(),
        cpus,
        memory,
        p.activeDeadlineSeconds(),
        p.uid(),
        p.volumes());
  }

  private static RunPod withUid(long uid) {
    RunPod p = pod("p");
    return new RunPod(
        p.name(),
        p.namespace(),
        p.image(),
        null,
        p.command(),
        p.args(),
        p.env(),
        p.secretEnv(),
        p.labels(),
        p.annotations(),
        p.cpus(),
        p.memoryBytes(),
        p.activeDeadlineSeconds(),
        uid,
        p.volumes());
  }

  private static List<HasMetadata> parse(String yaml) {
    return new KubernetesSerialization()
        .unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
  }
}
