package dev.scylla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.api.ExitCodes;
import dev.scylla.api.RunJob;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code scylla run --target kubernetes}: the options, {@code --dry-run}'s YAML read back with
 * fabric8 field by field, the refusal of the host's login, and that no secret value is printed.
 * Docker is a stand-in that fails the test when connected: the dry run needs no engine. Proves what
 * Scylla prints and refuses; it does not prove a cluster accepts the objects (none runs here).
 */
class KubernetesRunTest {

  private static final String TOKEN = "sk-ant-oat01-cli-test-token-abcdefghijklmnop";
  private static final Path EXAMPLE =
      Path.of("../examples/hello-world").toAbsolutePath().normalize();

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final AtomicBoolean dockerUsed = new AtomicBoolean();
  private final Map<String, String> env = new HashMap<>();
  private Path credentials;

  @BeforeEach
  void setUp() throws Exception {
    credentials = dir.resolve("credentials.json");
    Files.writeString(
        credentials,
        "{\"claudeAiOauth\":{\"accessToken\":\"sk-ant-oat01-host\",\"refreshToken\":"
            + "\"sk-ant-ort01-host\",\"expiresAt\":4102444800000}}");
  }

  private int run(String... args) {
    CommandLine cli =
        ScyllaCli.commandLine(
            new CommandLine.IFactory() {
              @Override
              public <K> K create(Class<K> cls) throws Exception {
                if (cls == RunCommand.class) {
                  return cls.cast(
                      new RunCommand(
                          () -> {
                            dockerUsed.set(true);
                            throw new AssertionError("the Kubernetes target used Docker");
                          },
                          new Images.Source(env, () -> dir.resolve("no-jar"))));
                }
                return CommandLine.defaultFactory().create(cls);
              }
            });
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("run"));
    all.addAll(List.of(args));
    return cli.execute(all.toArray(String[]::new));
  }

  private List<String> example(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--target",
                "kubernetes",
                "--tiers-dir",
                EXAMPLE.toString(),
                "--results-dir",
                dir.resolve("results").toString(),
                "--runs",
                "2"));
    args.addAll(List.of(more));
    return args;
  }

  @Test
  void dryRun_offlineExample_printsOnlyYamlThatFabric8ReadsBack() throws Exception {
    int code =
        run(
            example(
                    "--agent",
                    "scripted:" + EXAMPLE.resolve("scripted-agent.yaml"),
                    "--dry-run",
                    "--image",
                    "registry.example/scylla-runner:k8s",
                    "--namespace",
                    "evals",
                    "--image-pull-secret",
                    "regcred",
                    "--cpus",
                    "3",
                    "--memory",
                    "6g")
                .toArray(String[]::new));

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(dockerUsed).isFalse();
    assertThat(out.toString()).startsWith("---");
    List<HasMetadata> objects = parse(out.toString());
    // Two sub-tests of T0, two runs each; the scripted runner needs no credentials, so no Secret.
    assertThat(objects).hasSize(4).allMatch(o -> o instanceof Pod);
    for (HasMetadata o : objects) {
      Pod pod = (Pod) o;
      assertThat(pod.getMetadata().getNamespace()).isEqualTo("evals");
      assertThat(pod.getMetadata().getName())
          .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")
          .hasSizeLessThanOrEqualTo(63);
      var spec = pod.getSpec();
      assertThat(spec.getRestartPolicy()).isEqualTo("Never");
      assertThat(spec.getAutomountServiceAccountToken()).isFalse();
      assertThat(spec.getImagePullSecrets()).extracting("name").containsExactly("regcred");
      assertThat(spec.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(spec.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
      Container c = spec.getContainers().get(0);
      assertThat(c.getImage()).isEqualTo("registry.example/scylla-runner:k8s");
      assertThat(c.getResources().getRequests())
          .isEqualTo(c.getResources().getLimits())
          .containsEntry("cpu", new Quantity("3"))
          .containsEntry("memory", new Quantity("6Gi"));
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(c.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      assertThat(spec.getActiveDeadlineSeconds()).isPositive();
      assertThat(pod.getMetadata().getAnnotations()).containsKey("dev.scylla/job");
    }
    assertThat(objects)
        .extracting(
            o ->
                o.getMetadata().getLabels().get("dev.scylla/subtest")
                    + "/"
                    + o.getMetadata().getLabels().get("dev.scylla/run"))
        .containsExactly("00/1", "00/2", "01/1", "01/2");
  }

  @Test
  void dryRun_claudeWithAToken_secretRedactedAndTheTokenNowhere() {
    env.put("CLAUDE_CODE_OAUTH_TOKEN", TOKEN);

    int code =
        run(example("--dry-run", "--image", "img:1", "--max-subtests", "1").toArray(String[]::new));

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString() + err.toString())
        .doesNotContain(TOKEN)
        .doesNotContain("cli-test-token");
    List<HasMetadata> objects = parse(out.toString());
    Secret secret = (Secret) objects.get(0);
    assertThat(secret.getStringData())
        .containsExactly(Map.entry("CLAUDE_CODE_OAUTH_TOKEN", "<redacted>"));
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "scylla");
    Container c = ((Pod) objects.get(1)).getSpec().getContainers().get(0);
    assertThat(c.getEnv())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getValue()).isNull();
              assertThat(e.getValueFrom().getSecretKeyRef().getName())
                  .isEqualTo(secret.getMetadata().getName());
            });
  }

  @Test
  void dryRun_projectScyllaTest_printsEveryFirstPhaseRunWithTheRepositoryAsABundle()
      throws Exception {
    env.put("ANTHROPIC_API_KEY", "sk-ant-api03-not-real");
    Path test001 = ValidateCommandTest.TEST_001;

    int code =
        run(
            "--target",
            "kubernetes",
            "--tiers-dir",
            test001.toString(),
            "--results-dir",
            dir.resolve("results").toString(),
            "--runs",
            "1",
            "--dry-run",
            "--image",
            "img:1");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    List<HasMetadata> objects = parse(out.toString());
    // T0–T4 of test-001: 24 + 10 + 15 + 41 + 7 sub-tests; T5 and T6 wait for their results.
    assertThat(objects).hasSize(1 + 97);
    assertThat(out.toString()).doesNotContain("sk-ant-api03-not-real");
    Pod first = (Pod) objects.get(1);
    RunJob job =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readValue(first.getMetadata().getAnnotations().get("dev.scylla/job"), RunJob.class);
    assertThat(job.io().taskBundle()).isEqualTo("/scylla/in/task.bundle");
    assertThat(job.settings().config().tiersDir()).isEqualTo(test001.toRealPath().toString());
  }

  @Test
  void dryRun_withoutImage_namesTheLocalVariantAndSaysToPushIt() throws Exception {
    Files.writeString(dir.resolve("no-jar"), "not really a jar, but hashed like one");
    env.put("SCYLLA_IMAGE_REPOSITORY", "scylla-unit-k8s");

    int code =
        run(
            example("--agent", "scripted:" + EXAMPLE.resolve("scripted-agent.yaml"), "--dry-run")
                .toArray(String[]::new));

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(dockerUsed).isFalse();
    String expected =
        Images.kubernetesImage(
                new ImageOptions(), new Images.Source(env, () -> dir.resolve("no-jar")))
            .tag();
    assertThat(expected).startsWith("scylla-unit-k8s:");
    if (dev.scylla.docker.UserIds.current().uid() != dev.scylla.api.KubernetesTarget.POD_UID) {
      assertThat(
              Images.runnerImage(
                      new ImageOptions(), new Images.Source(env, () -> dir.resolve("no-jar")))
                  .tag())
          .as("the variant is another image than the host user's, unless the host user is 10001")
          .isNotEqualTo(expected);
    }
    Pod pod = (Pod) parse(out.toString()).get(0);
    assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo(expected);
    assertThat(err.toString()).contains("push it to a registry");
  }

  @Test
  void hostLogin_isRefusedWithExit4EvenInADryRun() {
    int code =
        run(
            example("--dry-run", "--image", "img:1", "--credentials", credentials.toString())
                .toArray(String[]::new));

    assertThat(code).isEqualTo(ExitCodes.CREDENTIALS);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().lines()).hasSize(1);
    assertThat(err.toString()).contains("claude setup-token");
  }

  @Test
  void noLongLivedCredential_forClaude_isExit4() {
    int code = run(example("--dry-run", "--image", "img:1").toArray(String[]::new));

    assertThat(code).isEqualTo(ExitCodes.CREDENTIALS);
    assertThat(err.toString()).contains("claude setup-token").contains("CLAUDE_CODE_OAUTH_TOKEN");
  }

  @Test
  void optionsWithoutMeaning_andUnknownTarget_areOneLineExit2() {
    for (List<String> bad :
        List.of(
            example("--dry-run", "--image", "i:1", "--network", "none"),
            example("--dry-run", "--image", "i:1", "--mount", dir + ":/x"),
            example("--dry-run", "--image", "i:1", "--rebuild"),
            List.of("--tiers-dir", EXAMPLE.toString(), "--dry-run"),
            List.of("--tiers-dir", EXAMPLE.toString(), "--namespace", "x"),
            List.of("--target", "slurm", "--tiers-dir", EXAMPLE.toString()),
            example("--dry-run", "--image", "i:1", "--namespace", "Not_Valid"),
            example("--dry-run", "--image", "i:1", "--memory", "lots"))) {
      out.getBuffer().setLength(0);
      err.getBuffer().setLength(0);
      env.put("ANTHROPIC_API_KEY", "sk-ant-api03-x");

      int code = run(bad.toArray(String[]::new));

      assertThat(code).as(bad + ": " + err).isEqualTo(ExitCodes.USAGE);
      assertThat(out.toString()).as(bad.toString()).isEmpty();
      assertThat(err.toString().lines().filter(l -> !l.startsWith("Try ")))
          .as(bad.toString())
          .hasSize(1);
    }
    assertThat(dockerUsed).isFalse();
    assertThat(dir.resolve("results")).doesNotExist();
  }

  @Test
  void run_withNoClusterToReach_isExit3WithOneLineNamingTheApiServerAndNothingMade()
      throws Exception {
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: gone",
            "  cluster: {server: 'https://127.0.0.1:1'}",
            "users:",
            "- name: me",
            "  user: {token: not-a-real-token}",
            "contexts:",
            "- name: gone",
            "  context: {cluster: gone, user: me, namespace: evals}",
            "current-context: gone",
            ""));
    String before = System.getProperty("kubeconfig");
    System.setProperty("kubeconfig", kubeconfig.toString());
    int code;
    try {
      code =
          run(
              example(
                      "--image",
                      "i:1",
                      "--agent",
                      "scripted:" + EXAMPLE.resolve("scripted-agent.yaml"))
                  .toArray(String[]::new));
    } finally {
      if (before == null) {
        System.clearProperty("kubeconfig");
      } else {
        System.setProperty("kubeconfig", before);
      }
    }

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.DOCKER);
    List<String> lines = err.toString().lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .contains("cannot reach the Kubernetes API server at https://127.0.0.1:1");
    assertThat(out.toString()).isEmpty();
    assertThat(dir.resolve("results")).doesNotExist();
    assertThat(dockerUsed).isFalse();
  }

  static List<HasMetadata> parse(String yaml) {
    return new KubernetesSerialization()
        .unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
  }
}
