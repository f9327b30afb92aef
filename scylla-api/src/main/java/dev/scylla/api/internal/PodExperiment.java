package dev.scylla.api.internal;

import dev.scylla.api.ClusterFailureException;
import dev.scylla.api.RunListener;
import dev.scylla.api.Scylla;
import dev.scylla.core.ErrorKind;
import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.engine.ExperimentRunner;
import dev.scylla.kubernetes.Cluster;
import dev.scylla.kubernetes.ClusterException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An experiment whose runs execute in pods: the API server reached first (nothing local is made
 * before), the credentials Secret created when Scylla makes one, the engine run with a {@link
 * PodCoordinator} as where its runs execute, and everything labelled with the experiment deleted at
 * the end, whatever the end.
 */
public final class PodExperiment {
  private static final Logger LOG = LoggerFactory.getLogger(PodExperiment.class);

  private PodExperiment() {}

  /**
   * Runs the experiment.
   *
   * @param clusterFactory a {@link Cluster} supplier, or null for the kubeconfig's
   * @param timing {poll, start bound, retries}, or null for the defaults
   */
  public static ExperimentOutcome run(
      PreparedExperiment prepared,
      RunPods.PodSettings settings,
      String context,
      Supplier<?> clusterFactory,
      Object[] timing,
      Map<String, String> env,
      RunListener listener,
      JobRun.Stopping stop)
      throws InterruptedException {
    Cluster cluster;
    try {
      cluster =
          clusterFactory != null
              ? (Cluster) clusterFactory.get()
              : Cluster.connect(context, settings.namespace());
    } catch (ClusterException e) {
      throw new ClusterFailureException(e.getMessage(), e);
    }
    String id = prepared.config().experimentId();
    Map<String, String> labels = RunPods.experimentLabelsOf(id);
    Path bundleDir = null;
    try (cluster) {
      try {
        RunPods.secret(id, settings)
            .ifPresent(
                secret -> {
                  if (!cluster.secretExists(secret.name())) {
                    cluster.create(secret);
                  }
                });
        Path bundle = null;
        if (prepared.remoteRepository()) {
          bundleDir = Files.createTempDirectory("scylla-bundle-");
          bundle = TaskBundles.make(prepared.config().taskRepo(), bundleDir);
        }
        PodCoordinator.Timing t =
            timing == null
                ? PodCoordinator.Timing.DEFAULT
                : new PodCoordinator.Timing(
                    (Duration) timing[0], (Duration) timing[1], (Integer) timing[2]);
        PodCoordinator coordinator = new PodCoordinator(cluster, prepared, settings, bundle, t);
        AgentAdapter agent = prepared.agent(env);
        ProgressTracker tracker = new ProgressTracker(listener::progress);
        ExperimentRunner runner =
            ExperimentRunner.builder()
                .fixture(prepared.fixture())
                .config(prepared.config())
                .resultsRoot(prepared.experiment().resultsDir())
                .agent(agent)
                .judge(prepared.judge(env, agent))
                .fresh(prepared.experiment().fresh())
                .listener(tracker)
                .judgeSystemPrompt(prepared.judgeSystemPrompt())
                .infraRetries(prepared.experiment().infraRetries())
                .rateLimitPause(prepared.experiment().rateLimitPause())
                .networkMode("kubernetes:" + settings.namespace())
                .provenance(Scylla.version(), settings.image(), "", "in the pods")
                .runsElsewhere(coordinator)
                .build();
        stop.onStop(runner::requestStop);
        ExperimentOutcome outcome = runner.run();
        tracker.finished(outcome.status().name(), outcome.message());
        return outcome;
      } catch (ClusterException e) {
        throw new ClusterFailureException(e.getMessage(), e);
      } catch (IOException e) {
        throw new ClusterFailureException("cannot make the task bundle: " + e.getMessage(), e);
      } finally {
        removeAll(cluster, labels);
        if (bundleDir != null) {
          deleteQuietly(bundleDir);
        }
      }
    }
  }

  /**
   * Deletes every pod and Secret of the experiment {@code experimentId} (or of every experiment
   * when null) in the cluster's namespace.
   *
   * @return how many objects were deleted
   */
  public static int clean(
      String context, String namespace, Supplier<?> clusterFactory, String experimentId) {
    try (Cluster cluster =
        clusterFactory != null
            ? (Cluster) clusterFactory.get()
            : Cluster.connect(context, namespace)) {
      return cluster.deleteAll(
          experimentId == null
              ? Map.of("app.kubernetes.io/managed-by", "scylla")
              : RunPods.experimentLabelsOf(experimentId));
    } catch (ClusterException e) {
      throw new ClusterFailureException(e.getMessage(), e);
    }
  }

  private static void removeAll(Cluster cluster, Map<String, String> labels) {
    try {
      int n = cluster.deleteAll(labels);
      LOG.debug("deleted {} objects labelled {}", n, labels);
    } catch (ClusterException e) {
      LOG.warn(
          "cannot delete the experiment's pods and Secret ({}): they keep its labels, and a"
              + " clean-up of the namespace removes them later",
          e.getMessage());
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", dir, e.getMessage());
    }
  }

  /** Git bundles of a remote task repository, made where the command runs. */
  static final class TaskBundles {
    private TaskBundles() {}

    static Path make(String url, Path dir) throws IOException, InterruptedException {
      Path bare = dir.resolve("repo.git");
      Path bundle = dir.resolve("task.bundle");
      git(List.of("git", "clone", "--quiet", "--bare", url, bare.toString()));
      git(List.of("git", "-C", bare.toString(), "bundle", "create", bundle.toString(), "--all"));
      return bundle;
    }

    private static void git(List<String> command) throws IOException, InterruptedException {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out =
          new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IOException(
            String.join(" ", command.subList(0, 2))
                + " failed: "
                + out.strip().lines().reduce((a, b) -> b).orElse(""));
      }
    }
  }

  /**
   * The kind of an exception of scylla-kubernetes ({@link ClusterException}'s own kind, read as
   * scylla-core's); {@link ErrorKind#INTERNAL} for any other.
   */
  public static ErrorKind kindOf(Throwable failure) {
    if (failure instanceof ClusterException cluster) {
      return switch (cluster.kind()) {
        case INPUT -> ErrorKind.INPUT;
        case CREDENTIALS -> ErrorKind.CREDENTIALS;
        case INFRASTRUCTURE -> ErrorKind.INFRASTRUCTURE;
        case INTERNAL -> ErrorKind.INTERNAL;
      };
    }
    return ErrorKind.INTERNAL;
  }
}
