package dev.scylla.docker.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.WaitResponse;
import dev.scylla.docker.ContainerException;
import dev.scylla.docker.ContainerHandle;
import dev.scylla.docker.ContainerTimeoutException;
import dev.scylla.docker.StreamType;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started container whose output streams to a listener: waits for it (and then delivers, from the
 * container's log, whatever the attached stream missed), stops it and removes it.
 */
final class AttachedContainer implements ContainerHandle {

  private static final Logger log = LoggerFactory.getLogger(AttachedContainer.class);

  private final DockerConnection connection;
  private final DockerClient client;
  private final ContainerLifecycle lifecycle;
  private final ContainerInspection inspection;
  private final String id;
  private final String name;
  private final Duration stopGrace;
  private final OutputCallback logs;

  /** Held while the container is stopped and removed: a second caller waits for the first. */
  private final Object stopLock = new Object();

  private boolean removed;

  AttachedContainer(
      DockerConnection connection,
      ContainerLifecycle lifecycle,
      ContainerInspection inspection,
      String id,
      String name,
      Duration stopGrace,
      OutputCallback logs) {
    this.connection = connection;
    this.client = connection.client();
    this.lifecycle = lifecycle;
    this.inspection = inspection;
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
      throw connection.failure("cannot wait for container " + name, e);
    } finally {
      DockerConnection.closeQuietly(wait);
    }
    if (!exited) {
      stop(stopGrace);
      throw new ContainerTimeoutException(name, timeout);
    }
    // The output stream ends shortly after the container: wait so that no line is lost.
    logs.awaitCompletion(10, TimeUnit.SECONDS);
    recoverMissingOutput();
    logs.lines().flush();
    if (wait.statusCode != null) {
      return wait.statusCode;
    }
    return inspection
        .inspect(id)
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
   * The engine can close the attached stream before it has sent the last bytes of a container that
   * exits at once; its log has them. Delivers whatever the stream missed.
   */
  private void recoverMissingOutput() throws InterruptedException {
    OutputCallback replay = OutputCallback.replaySkipping(logs.received());
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
      log.debug("cannot read the log of container {}: {}", name, DockerConnection.oneLine(e));
      return;
    } finally {
      DockerConnection.closeQuietly(replay);
    }
    for (StreamType stream : StreamType.values()) {
      byte[] missing = replay.tail(stream);
      if (missing.length > 0) {
        logs.lines().accept(stream, missing);
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
        lifecycle.stopIfRunning(id, grace);
        lifecycle.remove(id);
      } finally {
        DockerConnection.closeQuietly(logs);
      }
    }
  }

  @Override
  public void close() {
    stop(stopGrace);
  }

  /** Collects the exit code of a wait. */
  private static final class WaitCallback extends ResultCallback.Adapter<WaitResponse> {
    private volatile Integer statusCode;

    @Override
    public void onNext(WaitResponse response) {
      statusCode = response.getStatusCode();
    }
  }
}
