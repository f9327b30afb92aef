package dev.scylla.docker.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.model.WaitResponse;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.scylla.docker.BuildListener;
import dev.scylla.docker.BuildRequest;
import dev.scylla.docker.ContainerException;
import dev.scylla.docker.ContainerHandle;
import dev.scylla.docker.ContainerInfo;
import dev.scylla.docker.ContainerNotFoundException;
import dev.scylla.docker.ContainerRuntime;
import dev.scylla.docker.ContainerSpec;
import dev.scylla.docker.ContainerTimeoutException;
import dev.scylla.docker.DockerException;
import dev.scylla.docker.DockerUnavailableException;
import dev.scylla.docker.EngineInfo;
import dev.scylla.docker.ExecSpec;
import dev.scylla.docker.ImageBuildException;
import dev.scylla.docker.ImageInfo;
import dev.scylla.docker.Mount;
import dev.scylla.docker.OutputListener;
import dev.scylla.docker.StreamType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link ContainerRuntime} on a Docker engine; the only class that uses docker-java. */
public final class DockerJavaRuntime implements ContainerRuntime {

  private static final Logger log = LoggerFactory.getLogger(DockerJavaRuntime.class);
  private static final int BUILD_LOG_TAIL = 25;
  private static final Duration REMOVAL_WAIT = Duration.ofSeconds(60);
  private static final Pattern STEP = Pattern.compile("^Step (\\d+)/(\\d+) : (.*)$");
  private static final Pattern BUILT = Pattern.compile("^Successfully built ([0-9a-f]+)$");
  private static final Pattern FROM =
      Pattern.compile("^FROM\\s+\\S+(?:\\s+AS\\s+(\\S+))?\\s*$", Pattern.CASE_INSENSITIVE);
  private static final Pattern LAYER = Pattern.compile("^\\s*---> ([0-9a-f]{12,64})$");

  private final DockerClient client;
  private final String endpoint;

  private DockerJavaRuntime(DockerClient client, String endpoint) {
    this.client = client;
    this.endpoint = endpoint;
  }

  /**
   * Connects to {@code dockerHost}, or when null to {@code DOCKER_HOST} or the default socket, and
   * pings the engine.
   *
   * @throws DockerUnavailableException when it does not answer
   */
  public static DockerJavaRuntime connect(String dockerHost) {
    String source;
    DefaultDockerClientConfig.Builder builder =
        DefaultDockerClientConfig.createDefaultConfigBuilder();
    if (dockerHost != null) {
      builder.withDockerHost(dockerHost);
      source = "as configured";
    } else if (System.getenv("DOCKER_HOST") != null && !System.getenv("DOCKER_HOST").isBlank()) {
      source = "from DOCKER_HOST";
    } else {
      source = "the default socket";
    }
    DockerClientConfig config;
    try {
      config = builder.build();
    } catch (RuntimeException e) {
      throw new DockerUnavailableException(
          "Docker is not reachable: the engine address "
              + (dockerHost != null ? dockerHost : System.getenv("DOCKER_HOST"))
              + " ("
              + source
              + ") is invalid ("
              + oneLine(e)
              + "); set DOCKER_HOST to e.g. unix:///var/run/docker.sock",
          e);
    }
    String where = config.getDockerHost().toString();
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .connectionTimeout(Duration.ofSeconds(5))
            .maxConnections(64)
            .build();
    DockerClient client = DockerClientImpl.getInstance(config, http);
    try {
      client.pingCmd().exec();
    } catch (RuntimeException e) {
      closeQuietly(client);
      throw new DockerUnavailableException(
          "Docker is not reachable at "
              + where
              + " ("
              + source
              + "): "
              + oneLine(e)
              + ". Start Docker, or set DOCKER_HOST to the engine's socket"
              + " (e.g. unix:///var/run/docker.sock, or Podman's unix://$XDG_RUNTIME_DIR/podman/podman.sock)",
          e);
    }
    log.debug("connected to the Docker engine at {}", where);
    return new DockerJavaRuntime(client, where);
  }

  @Override
  public EngineInfo info() {
    try {
      Version version = client.versionCmd().exec();
      return new EngineInfo(
          endpoint,
          nullToEmpty(version.getVersion()),
          nullToEmpty(version.getApiVersion()),
          nullToEmpty(version.getOperatingSystem()) + "/" + nullToEmpty(version.getArch()));
    } catch (RuntimeException e) {
      throw unavailable(e);
    }
  }

  @Override
  public Optional<ImageInfo> inspectImage(String reference) {
    try {
      InspectImageResponse image = client.inspectImageCmd(reference).exec();
      Map<String, String> labels =
          image.getConfig() == null || image.getConfig().getLabels() == null
              ? Map.of()
              : image.getConfig().getLabels();
      return Optional.of(
          new ImageInfo(
              image.getId(),
              tags(image.getRepoTags()),
              labels,
              image.getSize() == null ? 0 : image.getSize()));
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      throw failure("cannot inspect image " + reference, e);
    }
  }

  @Override
  public List<ImageInfo> findImages(Map<String, String> labels) {
    try {
      List<ImageInfo> found = new ArrayList<>();
      for (Image image : client.listImagesCmd().withLabelFilter(labels).exec()) {
        found.add(
            new ImageInfo(
                image.getId(),
                tags(image.getRepoTags() == null ? null : Arrays.asList(image.getRepoTags())),
                image.getLabels() == null ? Map.of() : image.getLabels(),
                image.getSize() == null ? 0 : image.getSize()));
      }
      return found;
    } catch (RuntimeException e) {
      throw failure("cannot list images", e);
    }
  }

  @Override
  public String build(BuildRequest request, BuildListener listener) {
    Path dockerfile = request.contextDir().resolve(request.dockerfile());
    BuildImageCmd cmd =
        client
            .buildImageCmd()
            .withBaseDirectory(request.contextDir().toFile())
            .withDockerfile(dockerfile.toFile())
            .withTags(request.tags())
            .withLabels(request.labels())
            .withPull(false)
            .withNoCache(request.noCache())
            .withRemove(true)
            .withForcerm(true);
    request.buildArgs().forEach(cmd::withBuildArg);
    BuildCallback callback = new BuildCallback(listener);
    String what = "building " + String.join(", ", request.tags());
    try {
      cmd.exec(callback).awaitCompletion();
    } catch (InterruptedException e) {
      closeQuietly(callback);
      Thread.currentThread().interrupt();
      throw new ImageBuildException(what + " was interrupted", callback.tail(), e);
    } catch (RuntimeException e) {
      throw new ImageBuildException(
          what + " failed: " + oneLine(e) + " (is the engine still running?)", callback.tail(), e);
    }
    // The legacy builder reports a short id: the full one is what inspections and lists give.
    String id = callback.imageId(what);
    return inspectImage(id).map(ImageInfo::id).orElse(id);
  }

  @Override
  public void tagImage(String imageId, String tag) {
    int slash = tag.lastIndexOf('/');
    int colon = tag.lastIndexOf(':');
    if (colon <= slash) {
      throw new IllegalArgumentException("tag must be repository:tag, was " + tag);
    }
    try {
      client
          .tagImageCmd(imageId, tag.substring(0, colon), tag.substring(colon + 1))
          .withForce()
          .exec();
    } catch (NotFoundException e) {
      throw new DockerException("cannot tag " + imageId + " as " + tag + ": no such image", e);
    } catch (RuntimeException e) {
      throw failure("cannot tag " + imageId + " as " + tag, e);
    }
  }

  @Override
  public boolean removeImage(String reference, boolean force) {
    try {
      client.removeImageCmd(reference).withForce(force).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    } catch (ConflictException e) {
      throw new DockerException(
          "cannot remove image "
              + reference
              + ": a container uses it ("
              + oneLine(e)
              + "); remove that container first",
          e);
    } catch (RuntimeException e) {
      throw failure("cannot remove image " + reference, e);
    }
  }

  @Override
  public String create(ContainerSpec spec) {
    HostConfig host =
        HostConfig.newHostConfig()
            .withBinds(spec.mounts().stream().map(DockerJavaRuntime::bind).toList())
            .withInit(spec.init())
            .withAutoRemove(spec.autoRemove());
    if (spec.cpus() > 0) {
      host.withNanoCPUs(Math.round(spec.cpus() * 1_000_000_000d));
    }
    if (spec.memoryBytes() > 0) {
      host.withMemory(spec.memoryBytes());
    }
    if (spec.pidsLimit() > 0) {
      host.withPidsLimit(spec.pidsLimit());
    }
    if (spec.networkMode() != null) {
      host.withNetworkMode(spec.networkMode());
    }
    CreateContainerCmd cmd =
        client
            .createContainerCmd(spec.image())
            .withHostConfig(host)
            .withLabels(spec.labels())
            .withEnv(
                spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
            .withTty(spec.tty())
            .withStdinOpen(spec.stdinOpen())
            .withAttachStdin(spec.stdinOpen())
            .withStopTimeout((int) Math.max(0, spec.stopGrace().toSeconds()));
    if (!spec.command().isEmpty()) {
      cmd.withCmd(spec.command());
    }
    if (!spec.entrypoint().isEmpty()) {
      cmd.withEntrypoint(spec.entrypoint());
    }
    if (spec.user() != null) {
      cmd.withUser(spec.user());
    }
    if (spec.workdir() != null) {
      cmd.withWorkingDir(spec.workdir());
    }
    if (spec.name() != null) {
      cmd.withName(spec.name());
    }
    try {
      return cmd.exec().getId();
    } catch (NotFoundException e) {
      throw new ContainerException(
          "cannot create a container: image "
              + spec.image()
              + " is not present (build it first, e.g. `scylla image build`)",
          e);
    } catch (ConflictException e) {
      throw new ContainerException(
          "cannot create container "
              + spec.name()
              + ": the name is in use (remove the old container, or choose another name)",
          e);
    } catch (RuntimeException e) {
      throw failure("cannot create a container from " + spec.image(), e);
    }
  }

  @Override
  public ContainerHandle run(ContainerSpec spec, OutputListener output) {
    String id = create(spec);
    String name = inspectContainer(id).map(ContainerInfo::name).orElse(id);
    // Attached before the start, so that no output is lost: following the log instead can miss
    // a last line without a newline when the container exits at once.
    LogCallback logs = new LogCallback(new LineSplitter(output));
    try {
      client
          .attachContainerCmd(id)
          .withStdOut(true)
          .withStdErr(true)
          .withFollowStream(true)
          .withLogs(true)
          .exec(logs);
      if (!logs.awaitStarted(30, TimeUnit.SECONDS)) {
        throw new ContainerException("the engine did not attach to container " + name + " in 30 s");
      }
      client.startContainerCmd(id).exec();
    } catch (InterruptedException e) {
      closeQuietly(logs);
      remove(id);
      Thread.currentThread().interrupt();
      throw new ContainerException("interrupted while starting container " + name, e);
    } catch (RuntimeException e) {
      closeQuietly(logs);
      remove(id);
      throw failure("cannot start container " + name + " from " + spec.image(), e);
    }
    return new Handle(id, name, spec.stopGrace(), logs);
  }

  @Override
  public void start(String nameOrId) {
    try {
      client.startContainerCmd(nameOrId).exec();
    } catch (NotModifiedException e) {
      // Already running: starting is idempotent for callers.
    } catch (NotFoundException e) {
      throw new ContainerNotFoundException(nameOrId);
    } catch (RuntimeException e) {
      throw failure("cannot start container " + nameOrId, e);
    }
  }

  @Override
  public void stop(String nameOrId, Duration grace) {
    try {
      client.stopContainerCmd(nameOrId).withTimeout(graceSeconds(grace)).exec();
    } catch (NotModifiedException e) {
      // Already stopped.
    } catch (NotFoundException e) {
      throw new ContainerNotFoundException(nameOrId);
    } catch (RuntimeException e) {
      throw failure("cannot stop container " + nameOrId, e);
    }
  }

  @Override
  public boolean remove(String nameOrId) {
    try {
      client.removeContainerCmd(nameOrId).withForce(true).withRemoveVolumes(true).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    } catch (ConflictException e) {
      // "removal already in progress": the engine is removing it (auto-remove). Returning before
      // it is gone would let a caller see it still listed.
      log.debug("container {} is already being removed: {}", nameOrId, oneLine(e));
      awaitGone(nameOrId, REMOVAL_WAIT);
      return true;
    } catch (RuntimeException e) {
      throw failure("cannot remove container " + nameOrId, e);
    }
  }

  /** Waits, up to {@code limit}, until the engine no longer knows the container. */
  private void awaitGone(String nameOrId, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (inspectContainer(nameOrId).isPresent()) {
      if (System.nanoTime() - deadline > 0) {
        throw new ContainerException(
            "the engine is still removing container "
                + nameOrId
                + " after "
                + limit.toSeconds()
                + " s; check it with: docker ps -a");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ContainerException("interrupted while container " + nameOrId + " is removed", e);
      }
    }
  }

  @Override
  public Optional<ContainerInfo> inspectContainer(String nameOrId) {
    InspectContainerResponse c;
    try {
      c = client.inspectContainerCmd(nameOrId).exec();
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      throw failure("cannot inspect container " + nameOrId, e);
    }
    HostConfig host = c.getHostConfig() == null ? new HostConfig() : c.getHostConfig();
    List<Mount> mounts = new ArrayList<>();
    if (host.getBinds() != null) {
      for (Bind bind : host.getBinds()) {
        mounts.add(
            new Mount(
                Path.of(bind.getPath()),
                bind.getVolume().getPath(),
                bind.getAccessMode() == AccessMode.ro));
      }
    }
    Long exit = c.getState() == null ? null : c.getState().getExitCodeLong();
    String state =
        c.getState() == null || c.getState().getStatus() == null
            ? "unknown"
            : c.getState().getStatus();
    boolean finished = state.equals("exited") || state.equals("dead");
    String name = c.getName() == null ? c.getId() : c.getName().replaceFirst("^/", "");
    return Optional.of(
        new ContainerInfo(
            c.getId(),
            name,
            c.getConfig() == null ? "" : nullToEmpty(c.getConfig().getImage()),
            state,
            finished && exit != null ? OptionalInt.of(exit.intValue()) : OptionalInt.empty(),
            c.getConfig() == null || c.getConfig().getLabels() == null
                ? Map.of()
                : c.getConfig().getLabels(),
            c.getConfig() == null ? "" : c.getConfig().getUser(),
            host.getNanoCPUs() == null ? 0 : host.getNanoCPUs() / 1_000_000_000d,
            host.getMemory() == null ? 0 : host.getMemory(),
            host.getPidsLimit() == null || host.getPidsLimit() < 0 ? 0 : host.getPidsLimit(),
            Boolean.TRUE.equals(host.getInit()),
            host.getNetworkMode(),
            mounts));
  }

  @Override
  public List<ContainerInfo> findContainers(Map<String, String> labels) {
    List<com.github.dockerjava.api.model.Container> listed;
    try {
      listed = client.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec();
    } catch (RuntimeException e) {
      throw failure("cannot list containers", e);
    }
    List<ContainerInfo> found = new ArrayList<>();
    for (com.github.dockerjava.api.model.Container container : listed) {
      // A container may be removed between listing and inspecting it.
      inspectContainer(container.getId()).ifPresent(found::add);
    }
    return found;
  }

  @Override
  public int exec(String nameOrId, ExecSpec spec, OutputListener output) {
    String execId;
    try {
      ExecCreateCmd cmd =
          client
              .execCreateCmd(nameOrId)
              .withCmd(spec.command().toArray(String[]::new))
              .withAttachStdout(true)
              .withAttachStderr(true);
      if (!spec.env().isEmpty()) {
        cmd.withEnv(
            spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
      }
      if (spec.user() != null) {
        cmd.withUser(spec.user());
      }
      if (spec.workdir() != null) {
        cmd.withWorkingDir(spec.workdir());
      }
      execId = cmd.exec().getId();
    } catch (NotFoundException e) {
      throw new ContainerNotFoundException(nameOrId);
    } catch (ConflictException e) {
      throw new ContainerException(
          "cannot run a command in container " + nameOrId + ": it is not running (start it first)",
          e);
    } catch (RuntimeException e) {
      throw failure("cannot run a command in container " + nameOrId, e);
    }
    LineSplitter lines = new LineSplitter(output);
    LogCallback callback = new LogCallback(lines);
    try {
      client.execStartCmd(execId).exec(callback).awaitCompletion();
    } catch (InterruptedException e) {
      closeQuietly(callback);
      Thread.currentThread().interrupt();
      throw new ContainerException("interrupted while running a command in " + nameOrId, e);
    } catch (RuntimeException e) {
      throw failure("cannot run a command in container " + nameOrId, e);
    }
    lines.flush();
    Long code = client.inspectExecCmd(execId).exec().getExitCodeLong();
    if (code == null) {
      throw new ContainerException(
          "the engine reported no exit code for the command in " + nameOrId);
    }
    return code.intValue();
  }

  @Override
  public void close() {
    closeQuietly(client);
  }

  private DockerException failure(String what, RuntimeException e) {
    if (e instanceof DockerException d) {
      return d;
    }
    if (isConnectionFailure(e)) {
      return unavailable(e);
    }
    return new ContainerException(what + ": " + oneLine(e), e);
  }

  private DockerUnavailableException unavailable(RuntimeException e) {
    return new DockerUnavailableException(
        "Docker stopped answering at " + endpoint + ": " + oneLine(e) + ". Start Docker again", e);
  }

  private static boolean isConnectionFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  private static Bind bind(Mount mount) {
    return new Bind(
        mount.hostPath().toString(),
        new Volume(mount.containerPath()),
        mount.readOnly() ? AccessMode.ro : AccessMode.rw);
  }

  private static List<String> tags(List<String> repoTags) {
    if (repoTags == null) {
      return List.of();
    }
    return repoTags.stream().filter(t -> !t.equals("<none>:<none>")).toList();
  }

  private static int graceSeconds(Duration grace) {
    long seconds = grace.toSeconds() + (grace.toSecondsPart() == 0 && grace.getNano() == 0 ? 0 : 1);
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, seconds));
  }

  static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      log.debug("closing {} failed: {}", closeable, e.toString());
    }
  }

  /** A started container: waits, stops and removes it. */
  private final class Handle implements ContainerHandle {
    private final String id;
    private final String name;
    private final Duration stopGrace;
    private final LogCallback logs;

    /** Held while the container is stopped and removed: a second caller waits for the first. */
    private final Object stopLock = new Object();

    private boolean removed;

    Handle(String id, String name, Duration stopGrace, LogCallback logs) {
      this.id = id;
      this.name = name;
      this.stopGrace = stopGrace;
      this.logs = logs;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int waitFor(Duration timeout) throws InterruptedException {
      WaitCallback wait = client.waitContainerCmd(id).exec(new WaitCallback());
      boolean exited;
      try {
        exited = wait.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RuntimeException e) {
        throw failure("cannot wait for container " + name, e);
      } finally {
        closeQuietly(wait);
      }
      if (!exited) {
        stop(stopGrace);
        throw new ContainerTimeoutException(name, timeout);
      }
      // The output stream ends shortly after the container: wait so that no line is lost.
      logs.awaitCompletion(10, TimeUnit.SECONDS);
      recoverMissingOutput();
      logs.lines.flush();
      if (wait.statusCode != null) {
        return wait.statusCode;
      }
      return inspectContainer(id)
          .flatMap(
              c ->
                  c.exitCode().isPresent()
                      ? Optional.of(c.exitCode().getAsInt())
                      : Optional.<Integer>empty())
          .orElseThrow(
              () ->
                  new ContainerException(
                      "container " + name + " ended but the engine reported no exit code"));
    }

    /**
     * The engine can close the attached stream before it has sent the last bytes of a container
     * that exits at once; its log has them. Delivers whatever the stream missed.
     */
    private void recoverMissingOutput() throws InterruptedException {
      long[] received;
      synchronized (logs.received) {
        received = logs.received.clone();
      }
      LogCallback replay = new LogCallback(received);
      try {
        client
            .logContainerCmd(id)
            .withStdOut(true)
            .withStdErr(true)
            .withFollowStream(false)
            .exec(replay)
            .awaitCompletion(10, TimeUnit.SECONDS);
      } catch (RuntimeException e) {
        // Log drivers without read support: the attached stream is all there is.
        log.debug("cannot read the log of container {}: {}", name, oneLine(e));
        return;
      } finally {
        closeQuietly(replay);
      }
      for (StreamType stream : StreamType.values()) {
        byte[] missing = replay.tail(stream);
        if (missing.length > 0) {
          logs.lines.accept(stream, missing);
        }
      }
    }

    @Override
    public void stop(Duration grace) {
      // Ctrl-C's hook stops the container while the thread that waited for it closes the handle
      // and then the client: the close must not return before the container is gone.
      synchronized (stopLock) {
        if (removed) {
          return;
        }
        removed = true;
        try {
          try {
            client.stopContainerCmd(id).withTimeout(graceSeconds(grace)).exec();
          } catch (NotModifiedException | NotFoundException e) {
            // Already stopped or gone.
          }
          DockerJavaRuntime.this.remove(id);
        } finally {
          closeQuietly(logs);
        }
      }
    }

    @Override
    public void close() {
      stop(stopGrace);
    }
  }

  /** Collects the exit code of a wait. */
  private static final class WaitCallback extends ResultCallback.Adapter<WaitResponse> {
    private volatile Integer statusCode;

    @Override
    public void onNext(WaitResponse response) {
      statusCode = response.getStatusCode();
    }
  }

  /**
   * Feeds output frames to a line splitter and counts the bytes of each stream; or, as a replay of
   * the log, skips as many bytes per stream as another callback received and keeps the rest.
   */
  private static final class LogCallback extends ResultCallback.Adapter<Frame> {
    private final LineSplitter lines;
    private final long[] received = new long[StreamType.values().length];
    private final long[] skip;
    private final java.io.ByteArrayOutputStream[] rest;

    LogCallback(LineSplitter lines) {
      this.lines = lines;
      this.skip = null;
      this.rest = null;
    }

    LogCallback(long[] alreadyReceived) {
      this.lines = null;
      this.skip = alreadyReceived.clone();
      this.rest =
          new java.io.ByteArrayOutputStream[] {
            new java.io.ByteArrayOutputStream(), new java.io.ByteArrayOutputStream()
          };
    }

    @Override
    public void onNext(Frame frame) {
      StreamType stream =
          switch (frame.getStreamType()) {
            case STDERR -> StreamType.STDERR;
            default -> StreamType.STDOUT;
          };
      byte[] payload = frame.getPayload();
      int i = stream.ordinal();
      synchronized (received) {
        long before = received[i];
        received[i] += payload.length;
        if (lines != null) {
          lines.accept(stream, payload);
        } else if (received[i] > skip[i]) {
          int from = (int) Math.max(0, skip[i] - before);
          rest[i].write(payload, from, payload.length - from);
        }
      }
    }

    byte[] tail(StreamType stream) {
      synchronized (received) {
        return rest[stream.ordinal()].toByteArray();
      }
    }
  }

  /** Streams the build log, remembers its tail, the image id and the error. */
  private static final class BuildCallback extends ResultCallback.Adapter<BuildResponseItem> {
    private final BuildListener listener;
    private final Deque<String> tail = new ArrayDeque<>();
    private volatile String imageId;
    private volatile String error;
    private String stage;
    private int stages;
    private String lastLayer;

    BuildCallback(BuildListener listener) {
      this.listener = listener;
    }

    @Override
    public void onNext(BuildResponseItem item) {
      if (item.getStream() != null) {
        for (String line : item.getStream().split("\\R")) {
          if (!line.isBlank()) {
            line(line.stripTrailing());
          }
        }
      }
      if (item.getImageId() != null) {
        imageId = item.getImageId();
      }
      if (item.isErrorIndicated()) {
        error =
            item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                ? item.getErrorDetail().getMessage()
                : item.getError();
        line("ERROR: " + error);
      }
    }

    private void line(String line) {
      synchronized (tail) {
        tail.addLast(line);
        if (tail.size() > BUILD_LOG_TAIL) {
          tail.removeFirst();
        }
      }
      listener.onLine(line);
      Matcher step = STEP.matcher(line);
      if (step.matches()) {
        Matcher from = FROM.matcher(step.group(3).strip());
        if (from.matches()) {
          // A new stage: the last layer of the one before is that stage's image.
          if (stage != null && lastLayer != null) {
            listener.onStageImage(stage, lastLayer);
          }
          stage = from.group(1) != null ? from.group(1) : Integer.toString(stages);
          stages++;
          lastLayer = null;
        }
        listener.onStep(
            Integer.parseInt(step.group(1)), Integer.parseInt(step.group(2)), step.group(3));
      }
      Matcher layer = LAYER.matcher(line);
      if (layer.matches()) {
        lastLayer = layer.group(1);
      }
      Matcher built = BUILT.matcher(line);
      if (built.matches() && imageId == null) {
        imageId = built.group(1);
      }
    }

    List<String> tail() {
      synchronized (tail) {
        return List.copyOf(tail);
      }
    }

    String imageId(String what) {
      if (error != null) {
        throw new ImageBuildException(
            what + " failed: " + oneLine(new Exception(error)), tail(), null);
      }
      if (imageId == null) {
        throw new ImageBuildException(what + " ended without an image id", tail(), null);
      }
      return imageId;
    }
  }
}
