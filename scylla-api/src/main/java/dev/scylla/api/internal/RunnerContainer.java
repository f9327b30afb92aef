package dev.scylla.api.internal;

import dev.scylla.api.ContainerSettings;
import dev.scylla.api.ContainerTarget;
import dev.scylla.api.InvalidInputException;
import dev.scylla.api.ScyllaImage;
import dev.scylla.credentials.StagedCredentials;
import dev.scylla.credentials.StagingMode;
import dev.scylla.docker.ContainerSpec;
import dev.scylla.docker.ImageRef;
import dev.scylla.docker.Mount;
import dev.scylla.docker.ScyllaLabels;
import dev.scylla.docker.UserIds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one place a runner container's spec is put together, for an experiment ({@link #forRun}) and
 * for an interactive shell ({@link #forShell}): image, user, working directory, the same-path
 * mounts, the staged credentials, labels, limits, init, and the environment the Scylla inside reads
 * (image id and hash, network mode, host protocol).
 */
public final class RunnerContainer {

  /** Set on a run container: report progress as protocol lines, leave the summary to the host. */
  public static final String HOST_PROTOCOL_ENV = ScyllaImage.HOST_PROTOCOL_ENV;

  /** The runner image's id, for the provenance. */
  public static final String IMAGE_ID_ENV = ScyllaImage.IMAGE_ID_ENV;

  /** The runner image's content hash, for the provenance. */
  public static final String IMAGE_HASH_ENV = ScyllaImage.IMAGE_HASH_ENV;

  /** The container's network mode, as the host chose it (for the provenance). */
  public static final String NETWORK_ENV = ScyllaImage.NETWORK_ENV;

  /** How long a stopping run container gets to write its checkpoint before it is killed. */
  public static final Duration RUN_STOP_GRACE = ContainerTarget.RUN_STOP_GRACE;

  private RunnerContainer() {}

  /**
   * A container that runs {@code scylla ARGS} once, named after the experiment and a fresh session.
   */
  public static Builder forRun(ImageRef image, String experimentLabel, List<String> arguments) {
    String session = Sessions.newId();
    List<String> command = new ArrayList<>();
    // Absolute: an --env PATH must not decide which program runs the experiment.
    command.add(ScyllaImage.LAUNCHER);
    command.addAll(arguments);
    Builder b =
        new Builder(image, ScyllaLabels.Kind.RUN, session, experimentLabel)
            .name("scylla-run-" + Sessions.sanitize(experimentLabel) + "-" + session)
            .command(command)
            .stopGrace(RUN_STOP_GRACE);
    b.hostProtocol = true;
    return b;
  }

  /** A long-lived shell container named {@code name}, idle until entered. */
  public static Builder forShell(ImageRef image, String name) {
    return new Builder(image, ScyllaLabels.Kind.SHELL, name, name)
        .name(name)
        .command(List.of("sleep", "infinity"));
  }

  /**
   * A short-lived container that runs {@code command} in the image (e.g. {@code python3
   * --version}), as the runner's user, with nothing mounted; removed as stale once its owner is
   * gone.
   */
  public static Builder forProbe(ImageRef image, String label, List<String> command) {
    String session = Sessions.newId();
    return new Builder(image, ScyllaLabels.Kind.RUN, session, label)
        .name("scylla-" + Sessions.sanitize(label) + "-" + session)
        .command(command);
  }

  /**
   * The plan with the settings' mounts added (a copy), once the container's user is known to be
   * able to use every host path of it: call it before anything is built or started.
   *
   * @throws InvalidInputException naming the first host path that cannot be used, and why
   */
  public static MountPlan checkMounts(MountPlan plan, ContainerSettings settings) {
    MountPlan all = plan.copy();
    for (Mount mount : settings.mounts()) {
      all.addExplicit(mount.hostPath(), Path.of(mount.containerPath()), mount.readOnly());
    }
    try {
      all.requireUsable();
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
    return all;
  }

  /** The container's environment for staged credentials (values are secrets). */
  private static java.util.Map<String, String> credentialEnvironment(StagedCredentials staged) {
    java.util.Map<String, String> env = new java.util.LinkedHashMap<>(staged.environment());
    if (staged.mode() == StagingMode.LEGACY) {
      env.put(ScyllaImage.CREDENTIALS_MODE_ENV, "legacy");
    }
    return env;
  }

  /** Puts one runner container's spec together. */
  public static final class Builder {
    private final ImageRef image;
    private final ScyllaLabels.Kind kind;
    private final String session;
    private final String label;
    private String name;
    private List<String> command;
    private Duration stopGrace;
    private boolean hostProtocol;
    private UserIds user = UserIds.current();
    private Path workingDirectory = Path.of("").toAbsolutePath();
    private MountPlan mounts = new MountPlan();
    private StagedCredentials credentials;
    private ContainerSettings settings = ContainerSettings.defaults();

    private Builder(ImageRef image, ScyllaLabels.Kind kind, String session, String label) {
      this.image = Objects.requireNonNull(image, "image");
      this.kind = kind;
      this.session = session;
      this.label = label;
    }

    private Builder name(String name) {
      this.name = name;
      return this;
    }

    private Builder command(List<String> command) {
      this.command = List.copyOf(command);
      return this;
    }

    /** How long a stop waits before the container is killed. */
    public Builder stopGrace(Duration grace) {
      this.stopGrace = grace;
      return this;
    }

    /** The container's user (default: the host user's ids, root included). */
    public Builder user(UserIds user) {
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    /** Where the container starts (default: the current directory, mounted or not). */
    public Builder workingDirectory(Path dir) {
      this.workingDirectory = dir.toAbsolutePath().normalize();
      return this;
    }

    /** The host paths mounted at their own paths. */
    public Builder mounts(MountPlan plan) {
      this.mounts = Objects.requireNonNull(plan, "plan");
      return this;
    }

    /** Staged credentials, mounted as the Claude config directory; none when not called. */
    public Builder credentials(StagedCredentials staged) {
      this.credentials = staged;
      return this;
    }

    /** Extra mounts and environment, limits, network. */
    public Builder settings(ContainerSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * The spec. The settings' mounts join (a copy of) the plan, and every host path is checked.
     *
     * @throws InvalidInputException naming a host path the container's user cannot use
     */
    public ContainerSpec build() {
      MountPlan mounts = checkMounts(this.mounts, settings);
      ContainerSpec.Builder spec =
          ContainerSpec.builder(image.tag())
              .name(name)
              .command(command)
              .user(user.spec())
              .workdir(workingDirectory.toString())
              .labels(ScyllaLabels.forContainer(kind, session, label))
              .init(true)
              .pidsLimit(settings.pidsLimit())
              .env(IMAGE_ID_ENV, image.id())
              .env(IMAGE_HASH_ENV, image.hash())
              .networkMode(settings.network())
              .env(NETWORK_ENV, settings.network());
      if (hostProtocol) {
        spec.env(HOST_PROTOCOL_ENV, "1");
      }
      if (stopGrace != null) {
        spec.stopGrace(stopGrace);
      }
      for (MountPlan.Entry entry : mounts.entries()) {
        spec.mount(new Mount(entry.hostPath(), entry.containerPath().toString(), entry.readOnly()));
      }
      if (credentials != null) {
        spec.mount(
            new Mount(credentials.directory(), credentials.mountTarget(), credentials.readOnly()));
        spec.env(credentialEnvironment(credentials));
      }
      spec.env(settings.env());
      settings.cpus().ifPresent(spec::cpus);
      settings.memoryBytes().ifPresent(spec::memoryBytes);
      return spec.build();
    }
  }
}
