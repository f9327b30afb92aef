package dev.scylla.docker.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.scylla.docker.ContainerException;
import dev.scylla.docker.ContainerHandle;
import dev.scylla.docker.ContainerInfo;
import dev.scylla.docker.ContainerSpec;
import dev.scylla.docker.Mount;
import dev.scylla.docker.OutputListener;
import java.util.concurrent.TimeUnit;

/**
 * Creates containers from a {@link ContainerSpec}, and runs them: created, attached to (before the
 * start, so no output is lost), started, and handed back as an {@link AttachedContainer}.
 */
final class ContainerLauncher {

  private final DockerConnection connection;
  private final DockerClient client;
  private final ContainerLifecycle lifecycle;
  private final ContainerInspection inspection;

  ContainerLauncher(
      DockerConnection connection, ContainerLifecycle lifecycle, ContainerInspection inspection) {
    this.connection = connection;
    this.client = connection.client();
    this.lifecycle = lifecycle;
    this.inspection = inspection;
  }

  String create(ContainerSpec spec) {
    HostConfig host =
        HostConfig.newHostConfig()
            .withBinds(spec.mounts().stream().map(ContainerLauncher::bind).toList())
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
          "cannot create a container: image " + spec.image() + " is not present (build it first)",
          e);
    } catch (ConflictException e) {
      throw new ContainerException(
          "cannot create container "
              + spec.name()
              + ": the name is in use (remove the old container, or choose another name)",
          e);
    } catch (RuntimeException e) {
      throw connection.failure("cannot create a container from " + spec.image(), e);
    }
  }

  ContainerHandle run(ContainerSpec spec, OutputListener output) {
    String id = create(spec);
    // A named container is called what the spec says: only an unnamed one costs a round trip.
    String name =
        spec.name() != null
            ? spec.name()
            : inspection.inspect(id).map(ContainerInfo::name).orElse(id);
    // Attached before the start, so that no output is lost: following the log instead can miss
    // a last line without a newline when the container exits at once.
    OutputCallback logs = OutputCallback.attached(new LineSplitter(output));
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
      DockerConnection.closeQuietly(logs);
      lifecycle.remove(id);
      Thread.currentThread().interrupt();
      throw new ContainerException("interrupted while starting container " + name, e);
    } catch (RuntimeException e) {
      DockerConnection.closeQuietly(logs);
      lifecycle.remove(id);
      throw connection.failure("cannot start container " + name + " from " + spec.image(), e);
    }
    return new AttachedContainer(
        connection, lifecycle, inspection, id, name, spec.stopGrace(), logs);
  }

  private static Bind bind(Mount mount) {
    return new Bind(
        mount.hostPath().toString(),
        new Volume(mount.containerPath()),
        mount.readOnly() ? AccessMode.ro : AccessMode.rw);
  }
}
