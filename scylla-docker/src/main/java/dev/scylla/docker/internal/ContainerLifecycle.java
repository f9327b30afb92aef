package dev.scylla.docker.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import dev.scylla.docker.ContainerException;
import dev.scylla.docker.ContainerNotFoundException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starting, stopping and removing containers; a removal returns when the container is gone. */
final class ContainerLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ContainerLifecycle.class);
  private static final Duration REMOVAL_WAIT = Duration.ofSeconds(60);

  private final DockerConnection connection;
  private final DockerClient client;
  private final ContainerInspection inspection;

  ContainerLifecycle(DockerConnection connection, ContainerInspection inspection) {
    this.connection = connection;
    this.client = connection.client();
    this.inspection = inspection;
  }

  void start(String nameOrId) {
    try {
      client.startContainerCmd(nameOrId).exec();
    } catch (NotModifiedException e) {
      // Already running: starting is idempotent for callers.
    } catch (NotFoundException e) {
      throw new ContainerNotFoundException(nameOrId);
    } catch (RuntimeException e) {
      throw connection.failure("cannot start container " + nameOrId, e);
    }
  }

  void stop(String nameOrId, Duration grace) {
    try {
      client.stopContainerCmd(nameOrId).withTimeout(graceSeconds(grace)).exec();
    } catch (NotModifiedException e) {
      // Already stopped.
    } catch (NotFoundException e) {
      throw new ContainerNotFoundException(nameOrId);
    } catch (RuntimeException e) {
      throw connection.failure("cannot stop container " + nameOrId, e);
    }
  }

  /** Stops the container when it runs; one that is stopped already, or gone, is no failure. */
  void stopIfRunning(String id, Duration grace) {
    try {
      client.stopContainerCmd(id).withTimeout(graceSeconds(grace)).exec();
    } catch (NotModifiedException | NotFoundException e) {
      // Already stopped or gone.
    }
  }

  boolean remove(String nameOrId) {
    try {
      client.removeContainerCmd(nameOrId).withForce(true).withRemoveVolumes(true).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    } catch (ConflictException e) {
      // "removal already in progress": the engine is removing it (auto-remove). Returning before
      // it is gone would let a caller see it still listed.
      log.debug("container {} is already being removed: {}", nameOrId, DockerConnection.oneLine(e));
      awaitGone(nameOrId, REMOVAL_WAIT);
      return true;
    } catch (RuntimeException e) {
      throw connection.failure("cannot remove container " + nameOrId, e);
    }
  }

  /** Waits, up to {@code limit}, until the engine no longer knows the container. */
  private void awaitGone(String nameOrId, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (inspection.inspect(nameOrId).isPresent()) {
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

  private static int graceSeconds(Duration grace) {
    long seconds = grace.toSeconds() + (grace.toSecondsPart() == 0 && grace.getNano() == 0 ? 0 : 1);
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, seconds));
  }
}
