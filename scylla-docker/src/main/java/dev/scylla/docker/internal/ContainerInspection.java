package dev.scylla.docker.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import dev.scylla.docker.ContainerInfo;
import dev.scylla.docker.Mount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** What the engine knows of containers, mapped to {@link ContainerInfo}. */
final class ContainerInspection {

  private final DockerConnection connection;
  private final DockerClient client;

  ContainerInspection(DockerConnection connection) {
    this.connection = connection;
    this.client = connection.client();
  }

  /** The container, or empty when the engine knows none by that name or id. */
  Optional<ContainerInfo> inspect(String nameOrId) {
    InspectContainerResponse c;
    try {
      c = client.inspectContainerCmd(nameOrId).exec();
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      throw connection.failure("cannot inspect container " + nameOrId, e);
    }
    return Optional.of(toInfo(c));
  }

  /** The containers, running or not, that carry all of {@code labels}. */
  List<ContainerInfo> find(Map<String, String> labels) {
    List<Container> listed;
    try {
      listed = client.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec();
    } catch (RuntimeException e) {
      throw connection.failure("cannot list containers", e);
    }
    List<ContainerInfo> found = new ArrayList<>();
    for (Container container : listed) {
      // A container may be removed between listing and inspecting it.
      inspect(container.getId()).ifPresent(found::add);
    }
    return found;
  }

  private static ContainerInfo toInfo(InspectContainerResponse c) {
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
    return new ContainerInfo(
        c.getId(),
        name,
        c.getConfig() == null ? "" : DockerConnection.nullToEmpty(c.getConfig().getImage()),
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
        mounts);
  }
}
