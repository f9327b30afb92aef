package dev.scylla.docker;

import dev.scylla.docker.internal.HostIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and removes the run containers of Scylla processes that died without cleaning up: kind
 * {@code run}, owned by a process on this host that no longer exists. Shells are never touched, nor
 * containers owned on another host.
 */
public final class OrphanSweeper {

  private static final Logger log = LoggerFactory.getLogger(OrphanSweeper.class);

  /** Tells whether the owner of a container is still running. */
  @FunctionalInterface
  public interface Liveness {
    /**
     * Whether process {@code pid}, started at {@code startedEpochMillis} when known, still runs.
     */
    boolean isAlive(long pid, OptionalLong startedEpochMillis);
  }

  private final ContainerRuntime runtime;
  private final Liveness liveness;
  private final String hostName;

  /** A sweeper asking this host's process table. */
  public OrphanSweeper(ContainerRuntime runtime) {
    this(runtime, OrphanSweeper::processAlive, HostIdentity.hostName());
  }

  /** A sweeper with its own idea of liveness and of this host's name. */
  public OrphanSweeper(ContainerRuntime runtime, Liveness liveness, String hostName) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.liveness = Objects.requireNonNull(liveness, "liveness");
    this.hostName = Objects.requireNonNull(hostName, "hostName");
  }

  /** The run containers whose owner process is gone. */
  public List<ContainerInfo> findOrphans() {
    List<ContainerInfo> orphans = new ArrayList<>();
    for (ContainerInfo container :
        runtime.findContainers(ScyllaLabels.managed(ScyllaLabels.Kind.RUN))) {
      if (isOrphan(container)) {
        orphans.add(container);
      }
    }
    return orphans;
  }

  /** Removes the orphans and returns their names. */
  public List<String> sweep() {
    List<String> removed = new ArrayList<>();
    for (ContainerInfo orphan : findOrphans()) {
      if (runtime.remove(orphan.id())) {
        log.info(
            "removed container {}: its Scylla process {} is gone",
            orphan.name(),
            orphan.labels().get(ScyllaLabels.OWNER_PID));
        removed.add(orphan.name());
      }
    }
    return removed;
  }

  private boolean isOrphan(ContainerInfo container) {
    var labels = container.labels();
    if (!ScyllaLabels.Kind.RUN.value().equals(labels.get(ScyllaLabels.KIND))
        || !hostName.equals(labels.get(ScyllaLabels.OWNER_HOST))) {
      return false;
    }
    long pid;
    try {
      pid = Long.parseLong(labels.getOrDefault(ScyllaLabels.OWNER_PID, ""));
    } catch (NumberFormatException e) {
      // Without a readable owner nobody can tell it is abandoned: leave it.
      return false;
    }
    OptionalLong started = OptionalLong.empty();
    try {
      String value = labels.get(ScyllaLabels.OWNER_STARTED);
      if (value != null) {
        started = OptionalLong.of(Long.parseLong(value));
      }
    } catch (NumberFormatException e) {
      // A broken start time only weakens the PID-reuse check.
    }
    return !liveness.isAlive(pid, started);
  }

  /** True when {@code pid} runs and, if its start time is known, started then (within 2 s). */
  static boolean processAlive(long pid, OptionalLong startedEpochMillis) {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .map(
            process -> {
              if (startedEpochMillis.isEmpty()) {
                return true;
              }
              return process
                  .info()
                  .startInstant()
                  .map(
                      start ->
                          Math.abs(start.toEpochMilli() - startedEpochMillis.getAsLong()) <= 2000)
                  .orElse(true);
            })
        .orElse(false);
  }
}
