package dev.scylla.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scylla.api.ClusterFailureException;
import dev.scylla.api.RunJob;
import dev.scylla.core.engine.RunElsewhere;
import dev.scylla.core.model.TierId;
import dev.scylla.core.results.ResultsLayout;
import dev.scylla.kubernetes.Cluster;
import dev.scylla.kubernetes.ClusterException;
import dev.scylla.kubernetes.PodFiles;
import dev.scylla.kubernetes.PodState;
import dev.scylla.kubernetes.RunPod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes each run of an experiment in a pod: creates it, waits until it runs, copies the inputs
 * in, waits for the run's done marker, copies the run folder back into the experiment folder in one
 * step, marks it collected and deletes the pod. What the cluster does to a pod (evicted, deleted, a
 * lost node, a copy that fails, a pod that does not start in time) makes the run go again, a
 * bounded number of times, and is never scored; what needs a person (a forbidden call, a quota, an
 * image that cannot be pulled, an unreachable API server) ends the experiment with one line.
 *
 * <p>A pod of the same run that a killed coordinator left is adopted when its run is done (its
 * folder is collected, the run is not executed again) and deleted otherwise.
 */
public final class PodCoordinator implements RunElsewhere {
  private static final Logger LOG = LoggerFactory.getLogger(PodCoordinator.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * How the coordinator waits.
   *
   * @param poll the pause between two looks at a pod
   * @param startBound how long a pod may take to run its container
   * @param retries how often a run lost to the cluster goes again
   */
  public record Timing(Duration poll, Duration startBound, int retries) {
    /** The defaults for a cluster: a look every 2 s, 10 minutes to start, 2 more tries. */
    public static final Timing DEFAULT =
        new Timing(Duration.ofSeconds(2), Duration.ofMinutes(10), 2);

    /** Validates the timing. */
    public Timing {
      if (poll.isNegative() || poll.isZero() || startBound.isNegative() || retries < 0) {
        throw new IllegalArgumentException(
            "bad timing " + poll + ", " + startBound + ", " + retries);
      }
    }
  }

  private final Cluster cluster;
  private final PodFiles files;
  private final PreparedExperiment prepared;
  private final RunPods.PodSettings settings;
  private final Path taskBundle;
  private final Timing timing;

  /**
   * A coordinator of {@code prepared}'s runs on {@code cluster}.
   *
   * @param taskBundle the remote repository as a git bundle, or null for a local repository
   */
  public PodCoordinator(
      Cluster cluster,
      PreparedExperiment prepared,
      RunPods.PodSettings settings,
      Path taskBundle,
      Timing timing) {
    this.cluster = cluster;
    this.files = new PodFiles(cluster.exec());
    this.prepared = prepared;
    this.settings = settings;
    this.taskBundle = taskBundle;
    this.timing = timing;
  }

  @Override
  public boolean execute(
      TierId tier, String subTestId, int run, List<String> inheritsFrom, Path runDir)
      throws InterruptedException {
    if (Files.isRegularFile(runDir.resolve(ResultsLayout.RUN_RESULT))) {
      // The folder is only ever moved into place whole: a coordinator stopped after the copy and
      // before the checkpoint already has this run.
      return true;
    }
    RunJob job = RunPods.job(prepared, settings, tier, subTestId, run, inheritsFrom);
    RunPod pod = RunPods.pod(job, prepared.config().experimentId(), settings);
    ClusterException last = null;
    for (int attempt = 0; attempt <= timing.retries(); attempt++) {
      try {
        if (once(pod, job, runDir)) {
          return true;
        }
      } catch (ClusterException e) {
        if (!e.transientFailure()) {
          throw new ClusterFailureException(e.getMessage(), e);
        }
        last = e;
        LOG.warn("{} run {}: {}; the run goes again", tier + "/" + subTestId, run, e.getMessage());
      }
      deleteAndWait(pod.name());
    }
    throw new ClusterFailureException(
        tier
            + "/"
            + subTestId
            + " run "
            + run
            + " was lost to the cluster "
            + (timing.retries() + 1)
            + " times (last: "
            + (last == null ? "it did not finish" : last.getMessage())
            + "); run the same command again to resume",
        last);
  }

  /** One pod for the run; true when its folder is in place. */
  private boolean once(RunPod pod, RunJob job, Path runDir) throws InterruptedException {
    String name = pod.name();
    PodState state = cluster.pod(name);
    if (state.phase() == PodState.Phase.RUNNING && done(name, job).isPresent()) {
      LOG.info("adopting pod {}: its run is done", name);
      return collect(name, job, runDir);
    }
    if (state.phase() != PodState.Phase.ABSENT) {
      LOG.info("removing pod {} left by an earlier session", name);
      deleteAndWait(name);
    }
    cluster.create(pod);
    awaitRunning(name);
    for (String input : job.io().inputs()) {
      Path local = Path.of(input);
      if (Files.isDirectory(local)) {
        files.upload(name, local, job.io().inPod(input));
      } else if (Files.isRegularFile(local)) {
        files.upload(name, local, parentOf(job.io().inPod(input)));
      }
    }
    if (job.io().taskBundle() != null) {
      if (taskBundle == null) {
        throw new IllegalStateException("the job names a task bundle and none was made");
      }
      files.upload(name, taskBundle, parentOf(job.io().taskBundle()));
    }
    // The experiment's checks before the agent, run once where the engine runs: the run folder is
    // <experiment>/<tier>/<sub-test>/run_NN.
    Path baseline = ResultsLayout.of(runDir.getParent().getParent().getParent()).pipelineBaseline();
    if (Files.isRegularFile(baseline)) {
      files.upload(name, baseline, job.io().inputsRoot());
    }
    files.write(name, job.io().inputsRoot() + "/" + RunJob.Io.INPUTS_READY, "ready\n");
    while (true) {
      java.util.Optional<JsonNode> marker = done(name, job);
      if (marker.isPresent()) {
        if (!marker.get().path("finished").asBoolean(false)) {
          throw new ClusterException(
              ClusterException.Problem.TRANSIENT,
              "the run in pod "
                  + name
                  + " did not finish: "
                  + marker.get().path("message").asText());
        }
        return collect(name, job, runDir);
      }
      PodState now = cluster.pod(name);
      if (now.phase() != PodState.Phase.RUNNING) {
        throw lost(name, now);
      }
      Thread.sleep(timing.poll().toMillis());
    }
  }

  private boolean collect(String name, RunJob job, Path runDir) throws InterruptedException {
    JsonNode marker =
        done(name, job)
            .orElseThrow(
                () ->
                    new ClusterException(
                        ClusterException.Problem.TRANSIENT,
                        "pod " + name + " lost its done marker"));
    if (!marker.path("finished").asBoolean(false)) {
      throw new ClusterException(
          ClusterException.Problem.TRANSIENT,
          "the run in pod " + name + " did not finish: " + marker.path("message").asText());
    }
    String relative = marker.path("run_dir").asText();
    if (relative.isBlank() || relative.startsWith("/") || relative.contains("..")) {
      throw new ClusterException(
          ClusterException.Problem.TRANSIENT, "pod " + name + " named no usable run folder");
    }
    files.download(name, job.io().resultsDir() + "/" + relative, runDir);
    if (!Files.isRegularFile(runDir.resolve(ResultsLayout.RUN_RESULT))) {
      deleteQuietly(runDir);
      throw new ClusterException(
          ClusterException.Problem.TRANSIENT,
          "the run folder copied out of pod " + name + " has no " + ResultsLayout.RUN_RESULT);
    }
    try {
      files.write(name, job.io().resultsDir() + "/" + RunJob.Io.COLLECTED, "collected\n");
    } catch (ClusterException e) {
      LOG.debug("cannot mark pod {} collected: {}", name, e.getMessage());
    }
    cluster.deletePod(name);
    return true;
  }

  private java.util.Optional<JsonNode> done(String name, RunJob job) throws InterruptedException {
    java.util.Optional<String> text =
        files.read(name, job.io().resultsDir() + "/" + RunJob.Io.RUN_DONE);
    if (text.isEmpty() || text.get().isBlank()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(JSON.readTree(text.get()));
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  private void awaitRunning(String name) throws InterruptedException {
    long end = System.nanoTime() + timing.startBound().toNanos();
    while (true) {
      PodState state = cluster.pod(name);
      if (state.imagePullFailure()) {
        throw new ClusterException(
            ClusterException.Problem.IMAGE_PULL,
            "the cluster cannot pull the image "
                + settings.image()
                + " ("
                + state.reason()
                + (state.message().isBlank() ? "" : ": " + state.message())
                + "): push it where the cluster can pull it, or name the image pull secret that"
                + " lets it");
      }
      switch (state.phase()) {
        case RUNNING:
          return;
        case PENDING:
          break;
        default:
          throw lost(name, state);
      }
      if (System.nanoTime() - end > 0) {
        throw new ClusterException(
            ClusterException.Problem.TRANSIENT,
            "pod " + name + " did not start within " + timing.startBound().toSeconds() + " s");
      }
      Thread.sleep(timing.poll().toMillis());
    }
  }

  private static ClusterException lost(String name, PodState state) {
    return new ClusterException(
        ClusterException.Problem.TRANSIENT,
        "pod "
            + name
            + " is "
            + state.phase().name().toLowerCase(java.util.Locale.ROOT)
            + (state.reason().isBlank() ? "" : " (" + state.reason() + ")")
            + " before its results were collected");
  }

  private void deleteAndWait(String name) throws InterruptedException {
    try {
      cluster.deletePod(name);
      long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (cluster.pod(name).phase() != PodState.Phase.ABSENT && System.nanoTime() - end < 0) {
        Thread.sleep(timing.poll().toMillis());
      }
    } catch (ClusterException e) {
      if (!e.transientFailure()) {
        throw new ClusterFailureException(e.getMessage(), e);
      }
      LOG.warn("cannot delete pod {}: {}", name, e.getMessage());
    }
  }

  private static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
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

  /** The labels of everything Scylla creates for {@code experimentId}. */
  public static Map<String, String> labels(String experimentId) {
    return RunPods.experimentLabelsOf(experimentId);
  }
}
