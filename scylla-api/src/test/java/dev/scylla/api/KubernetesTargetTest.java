package dev.scylla.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scylla.api.examples.HelloWorldCopy;
import dev.scylla.api.internal.RunPods;
import dev.scylla.core.model.TierId;
import dev.scylla.credentials.CredentialsException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KubernetesTarget#describe}: the first phase's objects for the offline example, read back
 * with fabric8. Proves what the YAML says and that credentials only travel by reference; it does
 * not prove a cluster admits or runs the objects (no API server runs here).
 */
class KubernetesTargetTest {

  private static final String TOKEN = "sk-ant-oat01-test-token-0123456789abcdef";

  @TempDir Path dir;
  private Path fixture;

  @BeforeEach
  void copyExample() throws Exception {
    fixture = HelloWorldCopy.into(dir.resolve("hello-world"));
  }

  private Experiment.Builder experiment(String agent) {
    return Scylla.experiment(fixture)
        .tiers(TierId.T0)
        .runs(2)
        .maxSubtests(1)
        .resultsDir(dir.resolve("results"))
        .agent(agent);
  }

  private String scripted() {
    return "scripted:" + fixture.resolve("scripted-agent.yaml");
  }

  @Test
  void describe_scriptedRuns_onePodPerRunAndNoSecret() throws Exception {
    String yaml =
        Target.kubernetes()
            .image("registry.example/scylla-runner:k8s-1")
            .namespace("evals")
            .cpus(1.5)
            .memoryBytes(4L << 30)
            .environment(Map.of())
            .describe(experiment(scripted()).build());

    List<HasMetadata> objects = parse(yaml);
    assertThat(objects).hasSize(2).allMatch(o -> o instanceof Pod);
    Pod pod = (Pod) objects.get(1);
    assertThat(pod.getMetadata().getNamespace()).isEqualTo("evals");
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("dev.scylla/tier", "T0")
        .containsEntry("dev.scylla/run", "2")
        .containsEntry("app.kubernetes.io/managed-by", "scylla")
        .containsKey("dev.scylla/experiment");
    Container c = pod.getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("registry.example/scylla-runner:k8s-1");
    assertThat(c.getCommand()).isEqualTo(RunPods.COMMAND);
    assertThat(c.getArgs()).isEqualTo(RunPods.ARGS);
    assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("4Gi");
    assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(RunPods.POD_UID);
    // The fixture's timeout (300 s) bounds the agent and the judge; then the waits and slack.
    assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(300 * 2 + 900 + 900 + 600L);
    assertThat(c.getEnv()).isEmpty();

    RunJob job =
        new ObjectMapper()
            .readValue(
                pod.getMetadata().getAnnotations().get(RunPods.JOB_ANNOTATION), RunJob.class);
    assertThat(job.run()).isEqualTo(new RunJob.Run(TierId.T0, "00", 2));
    assertThat(job.settings().agent())
        .isEqualTo("scripted:" + fixture.resolve("scripted-agent.yaml").toRealPath());
    assertThat(job.io().inputs()).contains(fixture.toRealPath().toString());
    assertThat(job.io().taskBundle()).as("the example's repository is a local bundle").isNull();
  }

  @Test
  void describe_claudeRuns_putTheTokenInASecretAndPodsOnlyReferToIt() {
    String yaml =
        Target.kubernetes()
            .image("img:1")
            .environment(Map.of(KubernetesTarget.OAUTH_TOKEN_ENV, TOKEN))
            .describe(experiment("claude-code").build());

    assertThat(yaml).doesNotContain(TOKEN).doesNotContain(TOKEN.substring(0, 20));
    List<HasMetadata> objects = parse(yaml);
    Secret secret = (Secret) objects.get(0);
    assertThat(secret.getStringData())
        .containsExactly(Map.entry("CLAUDE_CODE_OAUTH_TOKEN", "<redacted>"));
    assertThat(secret.getData()).isNullOrEmpty();
    Container c = ((Pod) objects.get(1)).getSpec().getContainers().get(0);
    assertThat(c.getEnv()).hasSize(1);
    assertThat(c.getEnv().get(0).getValue()).isNull();
    assertThat(c.getEnv().get(0).getValueFrom().getSecretKeyRef().getName())
        .isEqualTo(secret.getMetadata().getName());
  }

  @Test
  void describe_namedSecret_createsNoneAndRefersToBothKeys() {
    String yaml =
        Target.kubernetes()
            .image("img:1")
            .secret("team-claude")
            .environment(Map.of(KubernetesTarget.OAUTH_TOKEN_ENV, TOKEN))
            .describe(experiment("claude-code").build());

    List<HasMetadata> objects = parse(yaml);
    assertThat(objects).allMatch(o -> o instanceof Pod);
    Container c = ((Pod) objects.get(0)).getSpec().getContainers().get(0);
    assertThat(c.getEnv())
        .extracting(e -> e.getValueFrom().getSecretKeyRef().getName())
        .containsOnly("team-claude");
    assertThat(c.getEnv()).extracting("name").containsExactlyElementsOf(RunPods.SECRET_KEYS);
    assertThat(yaml).doesNotContain(TOKEN);
  }

  @Test
  void describe_withoutALongLivedCredential_refusesTheHostLogin() {
    KubernetesTarget target = Target.kubernetes().image("img:1").environment(Map.of());

    assertThatThrownBy(() -> target.describe(experiment("claude-code").build()))
        .isInstanceOf(CredentialsException.class)
        .hasMessageContaining("claude setup-token")
        .hasMessageNotContaining("--");
    assertThatThrownBy(
            () ->
                Target.kubernetes()
                    .image("img:1")
                    .hostLogin(true)
                    .environment(Map.of(KubernetesTarget.API_KEY_ENV, "sk-ant-api-x"))
                    .describe(experiment("claude-code").build()))
        .isInstanceOf(CredentialsException.class)
        .hasMessageContaining("claude setup-token");
  }

  @Test
  void describe_withoutImage_orWithBadNames_saysWhat() {
    assertThatThrownBy(
            () ->
                Target.kubernetes().environment(Map.of()).describe(experiment(scripted()).build()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("image");
    assertThatThrownBy(() -> Target.kubernetes().namespace("Bad_NS"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Bad_NS");
    assertThatThrownBy(() -> Target.kubernetes().secret("no spaces allowed"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void run_withoutImage_isAnInputErrorBeforeAnyClusterIsContacted() {
    assertThatThrownBy(
            () ->
                Target.kubernetes()
                    .environment(Map.of())
                    .cluster(
                        () -> {
                          throw new AssertionError("the cluster was contacted");
                        })
                    .run(experiment(scripted()).build()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("need an image the cluster can pull");
    assertThat(dir.resolve("results")).doesNotExist();
  }

  static List<HasMetadata> parse(String yaml) {
    return new KubernetesSerialization()
        .unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
  }
}
