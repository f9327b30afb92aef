package dev.scylla.docker;

import dev.scylla.docker.internal.DockerJavaRuntime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container engine, in plain Java values. {@link #docker()} connects to the real one; tests use
 * an in-memory fake. Implementations are thread-safe.
 */
public interface ContainerRuntime extends AutoCloseable {

  /**
   * Connects to the Docker engine named by {@code DOCKER_HOST}, or the default socket, and pings
   * it.
   *
   * @throws DockerUnavailableException when it does not answer, saying where it looked
   */
  static ContainerRuntime docker() {
    return DockerJavaRuntime.connect(null);
  }

  /**
   * Loads the Docker client's classes without connecting (no socket is opened, the engine is not
   * asked), so that a later {@link #docker()} starts sooner; for a background thread while other
   * work goes on. Never throws.
   */
  static void preload() {
    DockerJavaRuntime.preload();
  }

  /**
   * Connects to the Docker engine at {@code dockerHost} (e.g. {@code unix:///var/run/docker.sock}
   * or {@code tcp://host:2375}) and pings it.
   *
   * @throws DockerUnavailableException when it does not answer
   */
  static ContainerRuntime docker(String dockerHost) {
    return DockerJavaRuntime.connect(dockerHost);
  }

  /** The engine's versions; also a cheap way to check it still answers. */
  EngineInfo info();

  /** The image with this reference (tag or id), if present. */
  Optional<ImageInfo> inspectImage(String reference);

  /** Every image carrying all of these labels (dangling ones included). */
  List<ImageInfo> findImages(Map<String, String> labels);

  /**
   * Builds an image, streaming the build log to {@code listener}, and returns its id.
   *
   * @throws ImageBuildException when the build fails, with the last lines of the log
   */
  String build(BuildRequest request, BuildListener listener);

  /** Gives an existing image another tag ({@code repository:tag}). */
  void tagImage(String imageId, String tag);

  /** Removes an image (forcing removes it even if stopped containers use it); false if absent. */
  boolean removeImage(String reference, boolean force);

  /** Creates a container without starting it and returns its id. */
  String create(ContainerSpec spec);

  /**
   * Creates and starts a container, streaming its output to {@code output}.
   *
   * @return a handle to wait for, stop and remove it
   */
  ContainerHandle run(ContainerSpec spec, OutputListener output);

  /** Starts a created or stopped container. */
  void start(String nameOrId);

  /** Stops a running container (SIGTERM, SIGKILL after {@code grace}); keeps it. */
  void stop(String nameOrId, Duration grace);

  /** Removes a container, killing it first if it runs; false if there was none. */
  boolean remove(String nameOrId);

  /** The container with this name or id, if there is one. */
  Optional<ContainerInfo> inspectContainer(String nameOrId);

  /** Every container, running or not, carrying all of these labels. */
  List<ContainerInfo> findContainers(Map<String, String> labels);

  /** Removes every container carrying all of these labels; returns how many were removed. */
  default int removeContainers(Map<String, String> labels) {
    int removed = 0;
    for (ContainerInfo container : findContainers(labels)) {
      if (remove(container.id())) {
        removed++;
      }
    }
    return removed;
  }

  /**
   * Runs a command in a running container, streaming its output, and returns its exit code.
   *
   * @throws ContainerNotFoundException when there is no such container
   */
  int exec(String nameOrId, ExecSpec spec, OutputListener output);

  /** Runs a command in a running container and collects its output. */
  default ExecResult exec(String nameOrId, ExecSpec spec) {
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    int code =
        exec(
            nameOrId,
            spec,
            (stream, line) -> (stream == StreamType.STDERR ? err : out).append(line).append('\n'));
    return new ExecResult(code, out.toString(), err.toString());
  }

  /** Releases the connection. */
  @Override
  void close();
}
