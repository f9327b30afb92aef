package dev.scylla.docker.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.scylla.docker.ContainerException;
import dev.scylla.docker.DockerException;
import dev.scylla.docker.DockerUnavailableException;
import dev.scylla.docker.EngineInfo;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A docker-java client connected to one engine, and the one place where docker-java's exceptions
 * become Scylla's: a failure to reach the engine is {@link DockerUnavailableException}, anything
 * else the engine refused a {@link ContainerException} saying what was being done.
 */
final class DockerConnection implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DockerConnection.class);

  private final DockerClient client;
  private final String endpoint;

  private DockerConnection(DockerClient client, String endpoint) {
    this.client = client;
    this.endpoint = endpoint;
  }

  /**
   * Connects to {@code dockerHost}, or when null to {@code DOCKER_HOST} or the default socket, and
   * pings the engine.
   *
   * @throws DockerUnavailableException when it does not answer
   */
  static DockerConnection open(String dockerHost) {
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
    return new DockerConnection(client, where);
  }

  /**
   * Loads the client's classes (configuration, HTTP transport, the commands a run sends) without
   * connecting to anything: the engine is not asked, no socket is opened.
   */
  static void preload() {
    try {
      DefaultDockerClientConfig config =
          DefaultDockerClientConfig.createDefaultConfigBuilder().build();
      ApacheDockerHttpClient http =
          new ApacheDockerHttpClient.Builder()
              .dockerHost(config.getDockerHost())
              .sslConfig(config.getSSLConfig())
              .build();
      try (DockerClient client = DockerClientImpl.getInstance(config, http)) {
        client.pingCmd();
        client.listContainersCmd();
        client.inspectImageCmd("scylla");
        client.createContainerCmd("scylla");
        client.startContainerCmd("scylla");
        client.attachContainerCmd("scylla");
        client.waitContainerCmd("scylla");
        client.removeContainerCmd("scylla");
      }
    } catch (Exception | LinkageError e) {
      // Only a head start: the connection reports whatever is wrong.
      log.debug("preloading the Docker client failed: {}", e.toString());
    }
  }

  /** The docker-java client. */
  DockerClient client() {
    return client;
  }

  /** The engine's version, API version and platform. */
  EngineInfo info() {
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

  /**
   * {@code e}, thrown while doing {@code what}, as Scylla's exception: unchanged when it is one
   * already, "unavailable" when the engine could not be reached.
   */
  DockerException failure(String what, RuntimeException e) {
    if (e instanceof DockerException d) {
      return d;
    }
    if (isConnectionFailure(e)) {
      return unavailable(e);
    }
    return new ContainerException(what + ": " + oneLine(e), e);
  }

  /** The engine stopped answering. */
  DockerUnavailableException unavailable(RuntimeException e) {
    return new DockerUnavailableException(
        "Docker stopped answering at " + endpoint + ": " + oneLine(e) + ". Start Docker again", e);
  }

  @Override
  public void close() {
    closeQuietly(client);
  }

  /** The message of the root cause of {@code e}, on one line. */
  static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  /** Closes {@code closeable}; a failure is logged, as nothing more can be done about it. */
  static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      log.debug("closing {} failed: {}", closeable, e.toString());
    }
  }

  static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static boolean isConnectionFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }
}
