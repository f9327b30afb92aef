package dev.scylla.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scylla.api.examples.HelloWorldCopy;
import dev.scylla.core.ErrorKind;
import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.engine.ExperimentStatus;
import dev.scylla.core.model.TierId;
import dev.scylla.kubernetes.Cluster;
import dev.scylla.kubernetes.ClusterException;
import dev.scylla.kubernetes.internal.Fabric8Cluster;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes target's coordinator against fabric8's mock API server (CRUD mode, no controller)
 * with {@link ClusterStandIn} moving pod statuses and executing each pod's run in this JVM, the
 * files crossing as real tar streams. Proves the scheduling, copies, retries, failures, cleanup and
 * resume against the API's objects; it does not prove a real cluster behaves as the stand-in does.
 */
class KubernetesCoordinatorTest {

  private static final String NS = "evals";

  @TempDir Path dir;
  private Path fixture;
  private KubernetesMockServer server;
  private KubernetesClient client;
  private ClusterStandIn cluster;

  @BeforeEach
  void start() throws Exception {
    fixture = HelloWorldCopy.into(dir.resolve("hello-world"));
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init();
    client = server.createClient();
    cluster = new ClusterStandIn(client, NS, dir.resolve("pods"));
  }

  @AfterEach
  void stop() {
    cluster.close();
    client.close();
    server.destroy();
  }

  private Experiment experiment(int runs, int parallel) {
    return Scylla.experiment(fixture)
        .tiers(TierId.T0)
        .runs(runs)
        .parallel(parallel)
        .resultsDir(dir.resolve("results"))
        .agent("scripted:" + fixture.resolve("scripted-agent.yaml"))
        .build();
  }

  private KubernetesTarget target(Cluster c) {
    return Target.kubernetes()
        .image("registry.example/scylla-runner:k8s-1")
        .namespace(NS)
        .environment(Map.of())
        .cluster(() -> c)
        .timing(Duration.ofMillis(50), Duration.ofSeconds(20), 2);
  }

  private Cluster fabric8() {
    return new Fabric8Cluster(server.createClient(), NS, cluster);
  }

  private long podsLeft() {
    return client.pods().inNamespace(NS).list().getItems().size();
  }

  private long runResults() throws Exception {
    try (Stream<Path> files = Files.walk(dir.resolve("results"))) {
      return files.filter(f -> f.getFileName().toString().equals("run_result.json")).count();
    }
  }

  @Test
  void run_everyRunInAPod_allDoneCopiedBackTwoPodsAtOnceAndNothingLeft() throws Exception {
    ExperimentOutcome outcome = target(fabric8()).run(experiment(2, 2));

    assertThat(outcome.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(outcome.result().tierResults().get(TierId.T0).subtestResults()).hasSize(2);
    assertThat(runResults()).isEqualTo(4);
    assertThat(cluster.finished).containsOnlyKeys("T0/00/1", "T0/00/2", "T0/01/1", "T0/01/2");
    assertThat(cluster.finished.values()).allMatch(n -> n.get() == 1);
    assertThat(cluster.maxRunning.get()).as("--parallel 2").isEqualTo(2);
    assertThat(podsLeft()).isZero();
    // The agent's file came back through the tar stream, in the run's workspace.
    try (Stream<Path> files = Files.walk(outcome.experimentDir())) {
      assertThat(files.filter(f -> f.getFileName().toString().equals("hello.py")).count())
          .isEqualTo(4);
    }
    // The checks before the agent ran once where the engine runs and reached every pod's judges.
    assertThat(outcome.experimentDir().resolve("pipeline_baseline.json")).isRegularFile();
    try (Stream<Path> files = Files.walk(outcome.experimentDir())) {
      java.util.List<Path> prompts =
          files
              .filter(f -> f.getFileName().toString().equals("prompt.md"))
              .filter(f -> f.getParent().getFileName().toString().equals("judge"))
              .toList();
      assertThat(prompts).hasSize(4);
      for (Path prompt : prompts) {
        assertThat(Files.readString(prompt))
            .contains("## Automatic checks before the agent")
            .doesNotContain("Not recorded for this experiment");
      }
    }
  }

  /**
   * Proves the phases and the inheritance with runs in pods: T5 is submitted only after T0's runs
   * came back, T6 only after T5's; each T5/T6 pod is told the best sub-tests it builds on and its
   * job says so. Against the mock API server and the stand-in kubelet, not a cluster.
   */
  @Test
  void run_t0ThenT5ThenT6_phasesInOrderAndEachPodToldWhatItBuildsOn() throws Exception {
    Files.createDirectories(fixture.resolve("t5/01-best-prompts"));
    Files.writeString(
        fixture.resolve("t5/01-best-prompts/config.yaml"),
        "name: Best Prompts\ndescription: the best of T0\nextends_previous: true\n"
            + "inherit_best_from: [\"T0\"]\n");
    Files.createDirectories(fixture.resolve("t6/01-everything"));
    Files.writeString(
        fixture.resolve("t6/01-everything/config.yaml"),
        "name: Everything\ndescription: on the best of T5\nextends_previous: true\n");
    Experiment experiment =
        Scylla.experiment(fixture)
            .tiers(TierId.T0, TierId.T5, TierId.T6)
            .runs(1)
            .parallel(2)
            .resultsDir(dir.resolve("results"))
            .agent("scripted:" + fixture.resolve("scripted-agent.yaml"))
            .build();

    ExperimentOutcome outcome = target(fabric8()).run(experiment);

    assertThat(outcome.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(cluster.finishOrder).hasSize(4);
    assertThat(cluster.finishOrder.subList(0, 2)).containsExactlyInAnyOrder("T0/00/1", "T0/01/1");
    assertThat(cluster.finishOrder.subList(2, 4)).containsExactly("T5/01/1", "T6/01/1");
    // T0/00 scores 0.92 and T0/01 0.78 in the scripted judge: T5 builds on T0/00, T6 on T5/01.
    Path run5 = outcome.experimentDir().resolve("T5/01/run_01");
    Path run6 = outcome.experimentDir().resolve("T6/01/run_01");
    assertThat(run5.resolve("run_result.json")).isRegularFile();
    assertThat(run6.resolve("run_result.json")).isRegularFile();
    assertThat(outcome.result().tierResults()).containsKeys(TierId.T0, TierId.T5, TierId.T6);
    assertThat(cluster.jobs.get("T5/01/1").run().inheritsFrom()).containsExactly("T0/00");
    assertThat(cluster.jobs.get("T6/01/1").run().inheritsFrom()).containsExactly("T0/00", "T5/01");
    assertThat(podsLeft()).isZero();
  }

  @Test
  void run_parallelOne_neverMoreThanOnePodAtOnce() throws Exception {
    ExperimentOutcome outcome = target(fabric8()).run(experiment(1, 1));

    assertThat(outcome.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(cluster.maxRunning.get()).isEqualTo(1);
    assertThat(cluster.finished).hasSize(2);
  }

  @Test
  void run_evictedPod_runGoesAgainAndIsScoredOnce() throws Exception {
    cluster.evictFirst.add("T0/00/1");

    ExperimentOutcome outcome = target(fabric8()).run(experiment(1, 1));

    assertThat(outcome.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(cluster.evictFirst).isEmpty();
    assertThat(cluster.finished.get("T0/00/1").get()).isEqualTo(1);
    assertThat(runResults()).isEqualTo(2);
    assertThat(podsLeft()).isZero();
  }

  @Test
  void run_imageCannotBePulled_oneLineSayingWhatToFixAndNeitherPodNorSecretLeft() {
    cluster.imagePullFails = true;
    // Claude Code as agent and judge with an API key: Scylla makes the experiment's Secret.
    java.util.List<String> secrets = new java.util.ArrayList<>();
    Cluster recording =
        new KillableCluster(fabric8(), new AtomicBoolean()) {
          @Override
          public void create(dev.scylla.kubernetes.CredentialsSecret secret) {
            secrets.add(secret.name());
            super.create(secret);
          }
        };
    Experiment claude =
        Scylla.experiment(fixture)
            .tiers(TierId.T0)
            .runs(1)
            .parallel(1)
            .resultsDir(dir.resolve("results"))
            .build();

    assertThatThrownBy(
            () ->
                target(recording)
                    .environment(Map.of("ANTHROPIC_API_KEY", "sk-ant-api03-test-key"))
                    .run(claude))
        .isInstanceOfSatisfying(
            ClusterFailureException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.INFRASTRUCTURE))
        .hasMessageContaining("cannot pull the image registry.example/scylla-runner:k8s-1")
        .hasMessageContaining("image pull secret")
        .hasMessageNotContaining("\n")
        .hasMessageNotContaining("sk-ant-api03-test-key");
    assertThat(secrets).containsExactly("scylla-hello-world-credentials");
    assertThat(podsLeft()).isZero();
    assertThat(client.secrets().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void run_forbiddenToCreatePods_oneLineNamingTheVerb() {
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/" + NS + "/pods")
        .andReturn(
            403,
            new StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage(
                    "pods is forbidden: User \"me\" cannot create resource \"pods\" in API group"
                        + " \"\" in the namespace \"evals\"")
                .build())
        .always();

    assertThatThrownBy(() -> target(fabric8()).run(experiment(1, 1)))
        .isInstanceOf(ClusterFailureException.class)
        .hasMessageContaining("forbids 'create' on pods in namespace evals")
        .hasMessageNotContaining("\n");
  }

  @Test
  void run_quotaRefusesPods_oneLineNamingTheQuota() {
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/" + NS + "/pods")
        .andReturn(
            403,
            new StatusBuilder()
                .withCode(403)
                .withMessage(
                    "pods \"x\" is forbidden: exceeded quota: compute, requested: cpu=2, used:"
                        + " cpu=8, limited: cpu=8")
                .build())
        .always();

    assertThatThrownBy(() -> target(fabric8()).run(experiment(1, 1)))
        .isInstanceOf(ClusterFailureException.class)
        .hasMessageContaining("resource quota")
        .hasMessageContaining("exceeded quota");
  }

  @Test
  void stop_whileRunsAreInPods_removesEveryPod() throws Exception {
    KubernetesTarget target = target(fabric8());
    JobHandle<ExperimentOutcome> handle = target.start(Job.experiment(experiment(2, 2)));
    Thread stopper =
        new Thread(
            () -> {
              try {
                while (cluster.maxRunning.get() == 0) {
                  Thread.sleep(20);
                }
                handle.stop();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    stopper.start();

    ExperimentOutcome outcome = handle.await();
    stopper.join();

    assertThat(outcome.status()).isEqualTo(ExperimentStatus.INTERRUPTED);
    assertThat(podsLeft()).isZero();
  }

  @Test
  void run_afterAKilledCoordinator_adoptsItsDonePodAndRunsOnlyWhatIsMissing() throws Exception {
    // The first session dies (no clean-up at all) as it starts copying the first run's folder out:
    // that pod's run is done, and nothing of it is in the experiment folder yet.
    AtomicBoolean killed = new AtomicBoolean();
    Cluster dying = new KillableCluster(fabric8(), killed);
    assertThatThrownBy(() -> target(dying).run(experiment(2, 1)))
        .isInstanceOf(ClusterFailureException.class)
        .hasMessageContaining("killed");
    assertThat(runResults()).as("nothing was collected").isZero();
    assertThat(podsLeft()).as("the killed session left its pod").isPositive();

    ExperimentOutcome outcome = target(fabric8()).run(experiment(2, 1));

    assertThat(outcome.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(runResults()).isEqualTo(4);
    assertThat(cluster.finished).hasSize(4);
    assertThat(cluster.finished.values()).as("no run twice").allMatch(n -> n.get() == 1);
    assertThat(podsLeft()).isZero();
  }

  @Test
  void clean_removesOnlyWhatScyllaLabelledForTheExperiment() {
    cluster.close();
    Map<String, String> ours =
        Map.of("app.kubernetes.io/managed-by", "scylla", "dev.scylla/experiment", "hello-world");
    Map<String, String> otherExperiment =
        Map.of("app.kubernetes.io/managed-by", "scylla", "dev.scylla/experiment", "other");
    for (var entry :
        Map.of("left-pod", ours, "other-pod", otherExperiment, "not-ours", Map.of("app", "x"))
            .entrySet()) {
      client
          .pods()
          .inNamespace(NS)
          .resource(
              new io.fabric8.kubernetes.api.model.PodBuilder()
                  .withNewMetadata()
                  .withName(entry.getKey())
                  .withLabels(entry.getValue())
                  .endMetadata()
                  .build())
          .create();
    }
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("scylla-hello-world-credentials")
                .withLabels(ours)
                .endMetadata()
                .build())
        .create();

    assertThat(target(fabric8()).clean("hello-world")).isEqualTo(2);
    assertThat(client.pods().inNamespace(NS).list().getItems())
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("other-pod", "not-ours");
    assertThat(client.secrets().inNamespace(NS).list().getItems()).isEmpty();

    assertThat(target(fabric8()).clean(null)).isEqualTo(1);
    assertThat(client.pods().inNamespace(NS).list().getItems())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("not-ours");
  }

  /** A cluster whose calls fail once it is killed, and whose deletions then do nothing. */
  private static class KillableCluster implements Cluster {
    private final Cluster inner;
    private final AtomicBoolean killed;

    KillableCluster(Cluster inner, AtomicBoolean killed) {
      this.inner = inner;
      this.killed = killed;
    }

    private void check() {
      if (killed.get()) {
        throw new ClusterException(ClusterException.Problem.UNREACHABLE, "killed");
      }
    }

    @Override
    public String server() {
      return inner.server();
    }

    @Override
    public String namespace() {
      return inner.namespace();
    }

    @Override
    public void create(dev.scylla.kubernetes.CredentialsSecret secret) {
      check();
      inner.create(secret);
    }

    @Override
    public boolean secretExists(String name) {
      check();
      return inner.secretExists(name);
    }

    @Override
    public void create(dev.scylla.kubernetes.RunPod pod) {
      check();
      inner.create(pod);
    }

    @Override
    public dev.scylla.kubernetes.PodState pod(String name) {
      check();
      return inner.pod(name);
    }

    @Override
    public java.util.List<String> pods(Map<String, String> labels) {
      check();
      return inner.pods(labels);
    }

    @Override
    public void deletePod(String name) {
      check();
      inner.deletePod(name);
    }

    @Override
    public int deleteAll(Map<String, String> labels) {
      check();
      return inner.deleteAll(labels);
    }

    @Override
    public dev.scylla.kubernetes.PodExec exec() {
      return (pod, command, in, out) -> {
        if (command.get(0).equals("tar")) {
          killed.set(true);
        }
        check();
        return inner.exec().exec(pod, command, in, out);
      };
    }

    @Override
    public void close() {}
  }
}
