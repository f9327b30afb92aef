package dev.scylla.docker.internal;

import dev.scylla.docker.BuildListener;
import dev.scylla.docker.BuildRequest;
import dev.scylla.docker.ContainerHandle;
import dev.scylla.docker.ContainerInfo;
import dev.scylla.docker.ContainerRuntime;
import dev.scylla.docker.ContainerSpec;
import dev.scylla.docker.EngineInfo;
import dev.scylla.docker.ExecSpec;
import dev.scylla.docker.ImageInfo;
import dev.scylla.docker.OutputListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link ContainerRuntime} on a Docker engine, through docker-java. Each job is a class of this
 * package: {@link DockerConnection} connects and maps docker-java's exceptions, {@link
 * DockerImages} (with {@link BuildLogParser}) handles images, {@link ContainerLauncher} creates and
 * starts containers, {@link AttachedContainer} is the handle of a started one, {@link
 * ContainerLifecycle} starts, stops and removes, {@link ContainerInspection} maps what the engine
 * reports, and {@link ContainerExec} runs commands in a running container.
 */
public final class DockerJavaRuntime implements ContainerRuntime {

  private final DockerConnection connection;
  private final DockerImages images;
  private final ContainerInspection inspection;
  private final ContainerLifecycle lifecycle;
  private final ContainerLauncher launcher;
  private final ContainerExec exec;

  private DockerJavaRuntime(DockerConnection connection) {
    this.connection = connection;
    this.images = new DockerImages(connection);
    this.inspection = new ContainerInspection(connection);
    this.lifecycle = new ContainerLifecycle(connection, inspection);
    this.launcher = new ContainerLauncher(connection, lifecycle, inspection);
    this.exec = new ContainerExec(connection);
  }

  /**
   * Connects to {@code dockerHost}, or when null to {@code DOCKER_HOST} or the default socket, and
   * pings the engine.
   *
   * @throws DockerUnavailableException when it does not answer
   */
  /** Loads the client's classes without connecting ({@link ContainerRuntime#preload()}). */
  public static void preload() {
    DockerConnection.preload();
  }

  public static DockerJavaRuntime connect(String dockerHost) {
    return new DockerJavaRuntime(DockerConnection.open(dockerHost));
  }

  @Override
  public EngineInfo info() {
    return connection.info();
  }

  @Override
  public Optional<ImageInfo> inspectImage(String reference) {
    return images.inspect(reference);
  }

  @Override
  public List<ImageInfo> findImages(Map<String, String> labels) {
    return images.find(labels);
  }

  @Override
  public String build(BuildRequest request, BuildListener listener) {
    return images.build(request, listener);
  }

  @Override
  public void tagImage(String imageId, String tag) {
    images.tag(imageId, tag);
  }

  @Override
  public boolean removeImage(String reference, boolean force) {
    return images.remove(reference, force);
  }

  @Override
  public String create(ContainerSpec spec) {
    return launcher.create(spec);
  }

  @Override
  public ContainerHandle run(ContainerSpec spec, OutputListener output) {
    return launcher.run(spec, output);
  }

  @Override
  public void start(String nameOrId) {
    lifecycle.start(nameOrId);
  }

  @Override
  public void stop(String nameOrId, Duration grace) {
    lifecycle.stop(nameOrId, grace);
  }

  @Override
  public boolean remove(String nameOrId) {
    return lifecycle.remove(nameOrId);
  }

  @Override
  public Optional<ContainerInfo> inspectContainer(String nameOrId) {
    return inspection.inspect(nameOrId);
  }

  @Override
  public List<ContainerInfo> findContainers(Map<String, String> labels) {
    return inspection.find(labels);
  }

  @Override
  public int exec(String nameOrId, ExecSpec spec, OutputListener output) {
    return exec.exec(nameOrId, spec, output);
  }

  @Override
  public void close() {
    connection.close();
  }
}
