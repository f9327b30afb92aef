package dev.scylla.api;

import dev.scylla.api.internal.JobRun;
import dev.scylla.api.internal.PreparedExperiment;
import dev.scylla.api.internal.RunPods;
import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.credentials.CredentialsException;
import dev.scylla.docker.RunnerImage;
import dev.scylla.docker.UserIds;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Runs each run of an experiment in a pod of a Kubernetes cluster, while the experiment itself
 * (scheduling, inheritance, checkpoint, reports) stays where this JVM runs. A pod runs the runner
 * image's Kubernetes variant as a fixed non-root user, gets its {@link RunJob} and inputs through
 * the API server and hands its run folder back the same way (no storage class), and reads the
 * credentials from a Secret.
 *
 * <p>{@link #describe} prints the first phase's objects; {@link #run} executes the runs.
 * Credentials come from the environment: {@code ANTHROPIC_API_KEY} or a long-lived {@code
 * CLAUDE_CODE_OAUTH_TOKEN} (from {@code claude setup-token}) go into a Secret made for the
 * experiment; or an existing Secret is named. The host's Claude login is never used: its refresh
 * token rotates, so one copy cannot serve many pods.
 *
 * <p>Needs {@code dev.scylla:scylla-kubernetes} (and with it fabric8 kubernetes-client) on the
 * class path; nothing of it is loaded before this target describes or runs something.
 */
public final class KubernetesTarget implements Target {

  /**
   * The fixed non-root user and group of the pods, whatever the host user is: the Kubernetes
   * variant of the runner image is built for it.
   */
  public static final int POD_UID = 10001;

  /** The namespace when none is given. */
  public static final String DEFAULT_NAMESPACE = "default";

  /** CPUs of a pod when not given. */
  public static final double DEFAULT_CPUS = 2;

  /** Memory of a pod when not given: 4 GiB. */
  public static final long DEFAULT_MEMORY_BYTES = 4L << 30;

  /** How long a pod waits for its inputs, and for its results to be collected. */
  public static final long DEFAULT_WAIT_SECONDS = 900;

  /** The API key the pods may use. */
  public static final String API_KEY_ENV = "ANTHROPIC_API_KEY";

  /** The long-lived Claude token the pods may use. */
  public static final String OAUTH_TOKEN_ENV = "CLAUDE_CODE_OAUTH_TOKEN";

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern DNS_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private String context;
  private String namespace = DEFAULT_NAMESPACE;
  private String image;
  private String imagePullSecret;
  private String secret;
  private boolean hostLogin;
  private double cpus = DEFAULT_CPUS;
  private long memoryBytes = DEFAULT_MEMORY_BYTES;
  private Map<String, String> env = System.getenv();
  private RunListener listener = RunListener.none();
  private java.util.function.Supplier<?> clusterFactory;
  private Object[] timing;

  /** The target with the default namespace and sizes, no image chosen yet. */
  static final KubernetesTarget DEFAULT = new KubernetesTarget();

  private KubernetesTarget() {}

  /** A copy to change one setting of: a target is never changed once returned. */
  private KubernetesTarget copy() {
    KubernetesTarget t = new KubernetesTarget();
    t.context = context;
    t.namespace = namespace;
    t.image = image;
    t.imagePullSecret = imagePullSecret;
    t.secret = secret;
    t.hostLogin = hostLogin;
    t.cpus = cpus;
    t.memoryBytes = memoryBytes;
    t.env = env;
    t.listener = listener;
    t.clusterFactory = clusterFactory;
    t.timing = timing;
    return t;
  }

  /**
   * The Kubernetes variant of the runner image: the runner image built for {@link #POD_UID} instead
   * of the host user, with the same content-hash tagging (docs/kubernetes.md shows how to push it).
   *
   * @param scyllaJar the runnable Scylla jar
   * @param env where {@code SCYLLA_BASE_IMAGE}, the CA bundle and the repository are read
   */
  public static RunnerImage.Builder imageBuilder(Path scyllaJar, Map<String, String> env) {
    return ScyllaImage.builder(scyllaJar, env).user(new UserIds(POD_UID, POD_UID));
  }

  /** The kubeconfig context of the cluster (default: the current one). */
  public KubernetesTarget context(String context) {
    KubernetesTarget t = copy();
    t.context = context;
    return t;
  }

  /** The kubeconfig context, if one was chosen. */
  public Optional<String> context() {
    return Optional.ofNullable(context);
  }

  /**
   * The namespace of every object (default {@value #DEFAULT_NAMESPACE}).
   *
   * @throws InvalidInputException when it is not a DNS label
   */
  public KubernetesTarget namespace(String namespace) {
    if (namespace == null || !DNS_LABEL.matcher(namespace).matches()) {
      throw new InvalidInputException(
          "the namespace '" + namespace + "' is not a DNS label (lower-case letters, digits, '-')");
    }
    KubernetesTarget t = copy();
    t.namespace = namespace;
    return t;
  }

  /** The image every pod runs, exactly as the cluster pulls it. */
  public KubernetesTarget image(String image) {
    if (image == null || image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
      throw new InvalidInputException("the image '" + image + "' is not an image reference");
    }
    KubernetesTarget t = copy();
    t.image = image;
    return t;
  }

  /** The Secret the kubelet pulls the image with. */
  public KubernetesTarget imagePullSecret(String name) {
    KubernetesTarget t = copy();
    t.imagePullSecret = checkedName("image pull secret", name);
    return t;
  }

  /**
   * An existing Secret holding {@value #API_KEY_ENV} or {@value #OAUTH_TOKEN_ENV}: nothing is taken
   * from the environment and no Secret is created.
   */
  public KubernetesTarget secret(String name) {
    KubernetesTarget t = copy();
    t.secret = checkedName("secret", name);
    return t;
  }

  /**
   * Whether the host's Claude login was chosen explicitly (a credentials file): it is refused, as
   * its refresh token rotates.
   */
  public KubernetesTarget hostLogin(boolean chosen) {
    KubernetesTarget t = copy();
    t.hostLogin = chosen;
    return t;
  }

  /** CPUs of each pod, requested and limit (default 2). */
  public KubernetesTarget cpus(double cpus) {
    if (!(cpus >= 0.001)) {
      throw new InvalidInputException("a pod's CPUs must be at least 0.001, was " + cpus);
    }
    KubernetesTarget t = copy();
    t.cpus = cpus;
    return t;
  }

  /** Memory of each pod in bytes, requested and limit (default 4 GiB). */
  public KubernetesTarget memoryBytes(long bytes) {
    if (bytes < 6L << 20) {
      throw new InvalidInputException("a pod's memory must be at least 6 MiB, was " + bytes);
    }
    KubernetesTarget t = copy();
    t.memoryBytes = bytes;
    return t;
  }

  /** The environment the credentials are read from (default: this process's). */
  public KubernetesTarget environment(Map<String, String> env) {
    KubernetesTarget t = copy();
    t.env = Map.copyOf(env);
    return t;
  }

  /**
   * The objects the experiment's first phase creates (the credentials Secret when one is made for
   * it, then one pod per run of T0–T4), as a YAML stream with every Secret value redacted. Needs no
   * cluster, kubeconfig or Docker engine.
   *
   * @throws InvalidInputException for an experiment that cannot run, or no image
   * @throws CredentialsException when no credential a pod can use is given
   */
  public String describe(Experiment experiment) {
    PreparedExperiment prepared = PreparedExperiment.of(experiment);
    return RunPods.firstPhaseYaml(prepared, podSettings(prepared));
  }

  /** Where progress reports go. */
  public KubernetesTarget listener(RunListener listener) {
    KubernetesTarget t = copy();
    t.listener = java.util.Objects.requireNonNull(listener, "listener");
    return t;
  }

  /**
   * Runs the experiment with each run in a pod: at most the experiment's parallel sub-tests' pods
   * at once, T0–T4 together, the checkpoint, the reports and the summary where this JVM runs. The
   * API server is reached before anything is made locally; everything created on the cluster
   * carries the experiment's labels and is deleted when the experiment ends, is stopped, or fails.
   * Run again, it resumes: a run done in a pod a killed session left is collected, other such pods
   * are removed.
   *
   * @throws InvalidInputException for an experiment that cannot run, or no image
   * @throws CredentialsException when no credential a pod can use is given
   * @throws ClusterFailureException when the cluster cannot be reached or used (one line: what to
   *     fix)
   */
  @Override
  @SuppressWarnings("unchecked")
  public <R> JobHandle<R> start(Job<R> job) {
    if (!(job instanceof ExperimentJob e)) {
      throw new InvalidInputException(
          "the Kubernetes target runs experiments only; run a "
              + job.getClass().getSimpleName()
              + " on a container target");
    }
    return (JobHandle<R>)
        JobRun.start(job.label(), stopping -> runExperiment(e.experiment(), stopping));
  }

  private ExperimentOutcome runExperiment(Experiment experiment, JobRun.Stopping stop)
      throws InterruptedException {
    PreparedExperiment prepared = PreparedExperiment.of(experiment);
    return dev.scylla.api.internal.PodExperiment.run(
        prepared, podSettings(prepared), context, clusterFactory, timing, env, listener, stop);
  }

  /**
   * What every pod of {@code prepared} gets: the image, the credential's Secret (made for the
   * experiment from the environment's credential, or the one named), the sizes.
   *
   * @throws InvalidInputException when no image is chosen, or scylla-kubernetes is missing
   * @throws CredentialsException when no credential a pod can use is given
   */
  private RunPods.PodSettings podSettings(PreparedExperiment prepared) {
    Map<String, String> values = credentials(prepared.needsLogin());
    if (image == null) {
      throw new InvalidInputException(
          "the pods need an image the cluster can pull: build the Kubernetes variant of the runner"
              + " image, push it, and give its reference");
    }
    requireKubernetesModule();
    String secretName =
        secret != null
            ? secret
            : values.isEmpty() ? null : RunPods.secretName(prepared.config().experimentId());
    return new RunPods.PodSettings(
        namespace,
        image,
        imagePullSecret,
        secretName,
        values,
        cpus,
        memoryBytes,
        DEFAULT_WAIT_SECONDS,
        DEFAULT_WAIT_SECONDS);
  }

  /**
   * Deletes what Scylla left on the cluster (pods and Secrets it labelled) in the namespace: of the
   * experiment {@code experimentId}, or of every experiment when it is null. For a coordinator that
   * was killed before it could clean up; an experiment still running loses its pods.
   *
   * @return how many objects were deleted
   * @throws ClusterFailureException when the cluster cannot be reached or forbids the deletion
   */
  public int clean(String experimentId) {
    requireKubernetesModule();
    return dev.scylla.api.internal.PodExperiment.clean(
        context, namespace, clusterFactory, experimentId);
  }

  /** A cluster other than the kubeconfig's (tests: a mock API server). */
  KubernetesTarget cluster(java.util.function.Supplier<?> factory) {
    KubernetesTarget t = copy();
    t.clusterFactory = factory;
    return t;
  }

  /** How the coordinator waits and retries (tests: short). */
  KubernetesTarget timing(java.time.Duration poll, java.time.Duration startBound, int retries) {
    KubernetesTarget t = copy();
    t.timing = new Object[] {poll, startBound, retries};
    return t;
  }

  /**
   * The Secret's values to create: empty when an existing Secret is named or no runner needs
   * Claude.
   */
  private Map<String, String> credentials(boolean needsLogin) {
    if (hostLogin) {
      throw rotatingLogin();
    }
    if (secret != null || !needsLogin) {
      return Map.of();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : new String[] {API_KEY_ENV, OAUTH_TOKEN_ENV}) {
      String value = env.get(key);
      if (value != null && !value.isBlank()) {
        values.put(key, value.strip());
      }
    }
    if (values.isEmpty()) {
      throw rotatingLogin();
    }
    return values;
  }

  private static CredentialsException rotatingLogin() {
    return new CredentialsException(
        CredentialsException.Problem.MISSING,
        "pods cannot use the host's Claude login (its refresh token rotates, so one copy cannot"
            + " serve many pods): create a long-lived token with `claude setup-token` and set "
            + OAUTH_TOKEN_ENV
            + ", or set "
            + API_KEY_ENV
            + ", or name an existing Secret that holds one");
  }

  private static String checkedName(String what, String name) {
    if (name == null || name.length() > 253 || !DNS_NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          "the " + what + " '" + name + "' is not a Kubernetes object name");
    }
    return name;
  }

  private static void requireKubernetesModule() {
    try {
      Class.forName(
          "dev.scylla.kubernetes.Manifests", false, KubernetesTarget.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new InvalidInputException(
          "the Kubernetes target needs dev.scylla:scylla-kubernetes on the class path", e);
    }
  }
}
