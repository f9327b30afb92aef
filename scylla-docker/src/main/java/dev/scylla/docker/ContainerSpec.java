package dev.scylla.docker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to create a container. Build one with {@link #builder(String)}.
 *
 * @param image the image reference
 * @param command the command (after the entrypoint); empty for the image's default
 * @param entrypoint replaces the image's entrypoint when not empty
 * @param env environment variables
 * @param mounts bind mounts
 * @param user {@code uid:gid} to run as, or null for the image's user
 * @param workdir the working directory, or null for the image's
 * @param name the container name, or null for a generated one
 * @param labels labels on the container
 * @param init whether the engine runs an init process as PID 1
 * @param cpus CPU limit in cores; 0 for none
 * @param memoryBytes memory limit in bytes; 0 for none
 * @param pidsLimit process limit; 0 for none
 * @param networkMode the network mode ({@code bridge}, {@code host}, {@code none}...), or null
 * @param tty whether to allocate a terminal
 * @param stdinOpen whether stdin stays open (for attaching interactively)
 * @param autoRemove whether the engine removes the container when it exits (its output may then be
 *     lost: false by default)
 * @param stopGrace how long a stop waits after SIGTERM before SIGKILL
 */
public record ContainerSpec(
    String image,
    List<String> command,
    List<String> entrypoint,
    Map<String, String> env,
    List<Mount> mounts,
    String user,
    String workdir,
    String name,
    Map<String, String> labels,
    boolean init,
    double cpus,
    long memoryBytes,
    long pidsLimit,
    String networkMode,
    boolean tty,
    boolean stdinOpen,
    boolean autoRemove,
    Duration stopGrace) {

  /** Copies the collections and validates every field. */
  public ContainerSpec {
    Objects.requireNonNull(image, "image");
    if (image.isBlank()) {
      throw new IllegalArgumentException("image must not be blank");
    }
    command = List.copyOf(command);
    entrypoint = List.copyOf(entrypoint);
    env = Map.copyOf(env);
    mounts = List.copyOf(mounts);
    labels = Map.copyOf(labels);
    if (user != null && !user.matches("[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?")) {
      throw new IllegalArgumentException("user must be uid[:gid] or a name, was '" + user + "'");
    }
    if (name != null && !name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
      throw new IllegalArgumentException(
          "name must match [a-zA-Z0-9][a-zA-Z0-9_.-]*, was '" + name + "'");
    }
    if (cpus < 0 || Double.isNaN(cpus)) {
      throw new IllegalArgumentException("cpus must be >= 0, was " + cpus);
    }
    if (memoryBytes < 0) {
      throw new IllegalArgumentException("memoryBytes must be >= 0, was " + memoryBytes);
    }
    if (pidsLimit < 0) {
      throw new IllegalArgumentException("pidsLimit must be >= 0, was " + pidsLimit);
    }
    Objects.requireNonNull(stopGrace, "stopGrace");
    if (stopGrace.isNegative()) {
      throw new IllegalArgumentException("stopGrace must not be negative, was " + stopGrace);
    }
    for (String key : env.keySet()) {
      if (key.isEmpty() || key.contains("=")) {
        throw new IllegalArgumentException("env names must be non-empty without '=', was " + key);
      }
    }
  }

  /** A builder for a container of {@code image}. */
  public static Builder builder(String image) {
    return new Builder(image);
  }

  /**
   * Shows the spec with the environment's names only: values may be secrets (an OAuth token, an API
   * key) and must never reach a log or an exception.
   */
  @Override
  public String toString() {
    return "ContainerSpec[image="
        + image
        + ", name="
        + name
        + ", command="
        + command
        + ", env="
        + new java.util.TreeSet<>(env.keySet())
        + ", mounts="
        + mounts
        + ", user="
        + user
        + ", workdir="
        + workdir
        + ", labels="
        + labels
        + "]";
  }

  /** A builder starting from this spec. */
  public Builder toBuilder() {
    Builder b = new Builder(image);
    b.command = new ArrayList<>(command);
    b.entrypoint = new ArrayList<>(entrypoint);
    b.env = new LinkedHashMap<>(env);
    b.mounts = new ArrayList<>(mounts);
    b.user = user;
    b.workdir = workdir;
    b.name = name;
    b.labels = new LinkedHashMap<>(labels);
    b.init = init;
    b.cpus = cpus;
    b.memoryBytes = memoryBytes;
    b.pidsLimit = pidsLimit;
    b.networkMode = networkMode;
    b.tty = tty;
    b.stdinOpen = stdinOpen;
    b.autoRemove = autoRemove;
    b.stopGrace = stopGrace;
    return b;
  }

  /** Builds a {@link ContainerSpec}; every field but the image is optional. */
  public static final class Builder {
    private final String image;
    private List<String> command = new ArrayList<>();
    private List<String> entrypoint = new ArrayList<>();
    private Map<String, String> env = new LinkedHashMap<>();
    private List<Mount> mounts = new ArrayList<>();
    private String user;
    private String workdir;
    private String name;
    private Map<String, String> labels = new LinkedHashMap<>();
    private boolean init;
    private double cpus;
    private long memoryBytes;
    private long pidsLimit;
    private String networkMode;
    private boolean tty;
    private boolean stdinOpen;
    private boolean autoRemove;
    private Duration stopGrace = Duration.ofSeconds(10);

    private Builder(String image) {
      this.image = image;
    }

    /** The command and its arguments. */
    public Builder command(List<String> command) {
      this.command = new ArrayList<>(command);
      return this;
    }

    /** The command and its arguments. */
    public Builder command(String... command) {
      return command(List.of(command));
    }

    /** Replaces the image's entrypoint. */
    public Builder entrypoint(String... entrypoint) {
      this.entrypoint = new ArrayList<>(List.of(entrypoint));
      return this;
    }

    /** Adds an environment variable. */
    public Builder env(String name, String value) {
      this.env.put(name, Objects.requireNonNull(value, "value of " + name));
      return this;
    }

    /** Adds environment variables. */
    public Builder env(Map<String, String> env) {
      this.env.putAll(env);
      return this;
    }

    /** Adds a bind mount. */
    public Builder mount(Mount mount) {
      this.mounts.add(Objects.requireNonNull(mount, "mount"));
      return this;
    }

    /** Adds bind mounts. */
    public Builder mounts(List<Mount> mounts) {
      this.mounts.addAll(mounts);
      return this;
    }

    /** Runs as {@code uid:gid}. */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** Runs as {@code uid:gid}. */
    public Builder user(int uid, int gid) {
      return user(uid + ":" + gid);
    }

    /** The working directory. */
    public Builder workdir(String workdir) {
      this.workdir = workdir;
      return this;
    }

    /** The container name. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Adds a label. */
    public Builder label(String key, String value) {
      this.labels.put(key, Objects.requireNonNull(value, "value of label " + key));
      return this;
    }

    /** Adds labels. */
    public Builder labels(Map<String, String> labels) {
      this.labels.putAll(labels);
      return this;
    }

    /** Whether the engine runs an init process as PID 1. */
    public Builder init(boolean init) {
      this.init = init;
      return this;
    }

    /** CPU limit in cores (0 for none). */
    public Builder cpus(double cpus) {
      this.cpus = cpus;
      return this;
    }

    /** Memory limit in bytes (0 for none). */
    public Builder memoryBytes(long memoryBytes) {
      this.memoryBytes = memoryBytes;
      return this;
    }

    /** Process limit (0 for none). */
    public Builder pidsLimit(long pidsLimit) {
      this.pidsLimit = pidsLimit;
      return this;
    }

    /** The network mode. */
    public Builder networkMode(String networkMode) {
      this.networkMode = networkMode;
      return this;
    }

    /** Whether to allocate a terminal. */
    public Builder tty(boolean tty) {
      this.tty = tty;
      return this;
    }

    /** Whether stdin stays open for attaching. */
    public Builder stdinOpen(boolean stdinOpen) {
      this.stdinOpen = stdinOpen;
      return this;
    }

    /** Whether the engine removes the container when it exits. */
    public Builder autoRemove(boolean autoRemove) {
      this.autoRemove = autoRemove;
      return this;
    }

    /** How long a stop waits after SIGTERM before SIGKILL. */
    public Builder stopGrace(Duration stopGrace) {
      this.stopGrace = stopGrace;
      return this;
    }

    /** The spec; validates every field. */
    public ContainerSpec build() {
      return new ContainerSpec(
          image,
          command,
          entrypoint,
          env,
          mounts,
          user,
          workdir,
          name,
          labels,
          init,
          cpus,
          memoryBytes,
          pidsLimit,
          networkMode,
          tty,
          stdinOpen,
          autoRemove,
          stopGrace);
    }
  }
}
