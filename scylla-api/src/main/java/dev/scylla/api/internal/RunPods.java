package dev.scylla.api.internal;

import dev.scylla.api.RunJob;
import dev.scylla.core.agent.AgentRunners;
import dev.scylla.core.fixture.SubTestSpec;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.TierId;
import dev.scylla.kubernetes.CredentialsSecret;
import dev.scylla.kubernetes.KubeNames;
import dev.scylla.kubernetes.Manifests;
import dev.scylla.kubernetes.PodVolume;
import dev.scylla.kubernetes.RunPod;
import dev.scylla.kubernetes.SecretEnv;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects of an experiment on a cluster: the credentials Secret and one pod per run of the
 * first phase (T0–T4 together; T5 and T6 wait for their results), each pod carrying its {@link
 * RunJob} as an annotation that its container reads as a file. The only class of scylla-api that
 * uses scylla-kubernetes, so fabric8 is loaded only when this target is used.
 */
public final class RunPods {

  /** The fixed non-root user (and group) of the Kubernetes runner image and its pods. */
  public static final long POD_UID = dev.scylla.api.KubernetesTarget.POD_UID;

  /** The annotation that holds a pod's job. */
  public static final String JOB_ANNOTATION = "dev.scylla/job";

  /** Where the pod's container reads its job. */
  public static final String JOB_FILE = "/scylla/job/job.json";

  /** Where inputs arrive in the pod. */
  public static final String INPUTS_ROOT = "/scylla/in";

  /** Where the run writes its experiment folder in the pod. */
  public static final String RESULTS_DIR = "/scylla/out";

  /** Where a remote task repository arrives in the pod, as a git bundle. */
  public static final String TASK_BUNDLE = INPUTS_ROOT + "/task.bundle";

  /** The pod's command: the runner image's init and entry point. */
  public static final List<String> COMMAND =
      List.of("/usr/bin/tini", "-g", "--", "/usr/local/bin/scylla-entrypoint");

  /** The Scylla command that runs the job. */
  public static final List<String> ARGS = List.of("scylla", "pod-run", JOB_FILE);

  /** The environment variables a Secret's keys become in a pod. */
  public static final List<String> SECRET_KEYS =
      List.of("ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN");

  /** Slack of a pod's deadline beyond its agent and judge calls and waits. */
  static final long DEADLINE_SLACK_SECONDS = 600;

  private RunPods() {}

  /**
   * What the pods need from the target's settings.
   *
   * @param namespace the namespace
   * @param image the image, as the cluster pulls it
   * @param imagePullSecret the pull secret, or null
   * @param secretName the Secret the credentials are in; null when no runner needs one
   * @param secretValues the Secret to create (key to value); empty when it exists already
   * @param cpus CPUs of each pod
   * @param memoryBytes memory of each pod
   * @param inputWaitSeconds how long a pod waits for its inputs
   * @param collectWaitSeconds how long a pod waits for its results to be collected
   */
  public record PodSettings(
      String namespace,
      String image,
      String imagePullSecret,
      String secretName,
      Map<String, String> secretValues,
      double cpus,
      long memoryBytes,
      long inputWaitSeconds,
      long collectWaitSeconds) {

    /** Copies the map. */
    public PodSettings {
      secretValues = Map.copyOf(secretValues);
    }

    @Override
    public String toString() {
      return "PodSettings[namespace="
          + namespace
          + ", image="
          + image
          + ", secret="
          + secretName
          + "]";
    }
  }

  /** The name of the Secret Scylla creates for {@code experimentId}. */
  public static String secretName(String experimentId) {
    return KubeNames.label("scylla", experimentId, "credentials");
  }

  /** The first phase as a YAML stream: the Secret (when Scylla creates it), then the pods. */
  public static String firstPhaseYaml(PreparedExperiment prepared, PodSettings settings) {
    List<CredentialsSecret> secrets = new ArrayList<>();
    String id = prepared.config().experimentId();
    if (!settings.secretValues().isEmpty()) {
      secrets.add(
          new CredentialsSecret(
              settings.secretName(),
              settings.namespace(),
              experimentLabels(id),
              settings.secretValues()));
    }
    List<RunPod> pods = new ArrayList<>();
    for (RunJob job : firstPhase(prepared, settings)) {
      pods.add(pod(job, id, settings));
    }
    return Manifests.yaml(secrets, pods);
  }

  /** The jobs of the first phase, in order: tier, sub-test, run. */
  public static List<RunJob> firstPhase(PreparedExperiment prepared, PodSettings settings) {
    ExperimentConfig config = prepared.config();
    List<TierId> tiers = config.tiersToRun().stream().sorted().toList();
    List<TierId> phase = tiers.stream().filter(t -> t.ordinal() <= TierId.T4.ordinal()).toList();
    if (phase.isEmpty() && !tiers.isEmpty()) {
      phase = List.of(tiers.get(0));
    }
    RunJob.Settings jobSettings = settings(prepared);
    RunJob.Io io = io(prepared, settings);
    List<RunJob> jobs = new ArrayList<>();
    for (TierId tier : phase) {
      List<SubTestSpec> specs = prepared.fixture().subTests(tier);
      if (config.maxSubtests() != null && specs.size() > config.maxSubtests()) {
        specs = specs.subList(0, config.maxSubtests());
      }
      for (SubTestSpec spec : specs) {
        for (int r = 1; r <= config.runsPerSubtest(); r++) {
          jobs.add(new RunJob(RunJob.VERSION, new RunJob.Run(tier, spec.id(), r), jobSettings, io));
        }
      }
    }
    return jobs;
  }

  /** The job of one run. */
  public static RunJob job(
      PreparedExperiment prepared,
      PodSettings settings,
      TierId tier,
      String subTest,
      int run,
      List<String> inheritsFrom) {
    return new RunJob(
        RunJob.VERSION,
        new RunJob.Run(tier, subTest, run, inheritsFrom),
        settings(prepared),
        io(prepared, settings));
  }

  /** The labels of everything Scylla creates for {@code experimentId}. */
  public static Map<String, String> experimentLabelsOf(String experimentId) {
    return Map.copyOf(experimentLabels(experimentId));
  }

  /** The credentials Secret Scylla creates, when {@code settings} has values for one. */
  public static java.util.Optional<CredentialsSecret> secret(
      String experimentId, PodSettings settings) {
    if (settings.secretValues().isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        new CredentialsSecret(
            settings.secretName(),
            settings.namespace(),
            experimentLabels(experimentId),
            settings.secretValues()));
  }

  /** The pod of one job. */
  public static RunPod pod(RunJob job, String experimentId, PodSettings settings) {
    Map<String, String> labels = experimentLabels(experimentId);
    labels.put("dev.scylla/tier", job.run().tier().name());
    labels.put("dev.scylla/subtest", KubeNames.labelValue(job.run().subtest()));
    labels.put("dev.scylla/run", Integer.toString(job.run().number()));
    List<SecretEnv> secretEnv = new ArrayList<>();
    for (String key : settings.secretName() == null ? List.<String>of() : SECRET_KEYS) {
      boolean created = settings.secretValues().containsKey(key);
      if (created || settings.secretValues().isEmpty()) {
        // A Secret of one's own may hold either key: both are looked up, neither is required.
        secretEnv.add(new SecretEnv(key, settings.secretName(), key, !created));
      }
    }
    return new RunPod(
        KubeNames.label(
            "scylla",
            experimentId,
            job.run().tier().name(),
            job.run().subtest(),
            "r" + job.run().number()),
        settings.namespace(),
        settings.image(),
        settings.imagePullSecret(),
        COMMAND,
        ARGS,
        Map.of(),
        secretEnv,
        labels,
        Map.of(JOB_ANNOTATION, JobJson.write(job)),
        settings.cpus(),
        settings.memoryBytes(),
        deadlineSeconds(job, settings),
        POD_UID,
        List.of(
            PodVolume.annotationFile("job", "/scylla/job", JOB_ANNOTATION, "job.json"),
            PodVolume.emptyDir("inputs", INPUTS_ROOT),
            PodVolume.emptyDir("results", RESULTS_DIR),
            PodVolume.emptyDir("tmp", "/tmp")));
  }

  /**
   * The pod's deadline: the agent call and one call per judge model, each bounded by the run's
   * timeout, the two waits, and a fixed slack for the workspace and the automatic checks.
   */
  static long deadlineSeconds(RunJob job, PodSettings settings) {
    ExperimentConfig c = job.settings().config();
    return (long) c.timeoutSeconds() * (1 + c.judgeModels().size())
        + settings.inputWaitSeconds()
        + settings.collectWaitSeconds()
        + DEADLINE_SLACK_SECONDS;
  }

  private static Map<String, String> experimentLabels(String experimentId) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/managed-by", "scylla");
    labels.put("dev.scylla/experiment", KubeNames.labelValue(experimentId));
    return labels;
  }

  private static RunJob.Settings settings(PreparedExperiment prepared) {
    var e = prepared.experiment();
    return new RunJob.Settings(
        prepared.config(),
        absolute(prepared.agentSpec()),
        absolute(prepared.judgeSpec()),
        e.judgeSystemPrompt().map(p -> p.toAbsolutePath().normalize().toString()).orElse(null),
        e.agentJars().stream().map(p -> p.toAbsolutePath().normalize().toString()).toList(),
        e.infraRetries(),
        e.rateLimitPause().toSeconds());
  }

  private static RunJob.Io io(PreparedExperiment prepared, PodSettings settings) {
    // Each folder once: a path inside another input travels with it.
    List<String> inputs = new ArrayList<>();
    prepared.readPaths().stream()
        .map(p -> p.toAbsolutePath().normalize().toString())
        .sorted()
        .distinct()
        .forEach(
            p -> {
              if (inputs.stream().noneMatch(kept -> p.startsWith(kept + "/"))) {
                inputs.add(p);
              }
            });
    // A remote repository reaches the pod as a bundle made where the command runs, so the pod
    // needs no access to the repository's host; a local one is an input like the fixture.
    return new RunJob.Io(
        INPUTS_ROOT,
        inputs,
        prepared.remoteRepository() ? TASK_BUNDLE : null,
        RESULTS_DIR,
        settings.inputWaitSeconds(),
        settings.collectWaitSeconds());
  }

  /** A runner spec whose argument names an existing file, with that file's absolute path. */
  private static String absolute(String spec) {
    String argument = AgentRunners.argumentOf(spec);
    if (argument.isBlank()) {
      return spec;
    }
    try {
      Path path = Path.of(argument).toAbsolutePath().normalize();
      return Files.exists(path) ? AgentRunners.nameOf(spec) + ":" + path : spec;
    } catch (InvalidPathException e) {
      return spec;
    }
  }
}
