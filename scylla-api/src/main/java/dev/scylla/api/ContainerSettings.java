package dev.scylla.api;

import dev.scylla.docker.Mount;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What a runner container gets beyond Scylla's own choices: extra mounts and environment, limits,
 * and its network ({@code --mount}, {@code --env}, {@code --cpus}, {@code --memory}, {@code
 * --pids-limit}, {@code --network}). Immutable; start from {@link #defaults()}.
 *
 * @param mounts extra bind mounts, at container paths of the caller's choice
 * @param env extra environment variables
 * @param cpus a CPU limit, if any
 * @param memoryBytes a memory limit, if any
 * @param pidsLimit the process limit
 * @param network the network mode, with Docker's meaning ({@code bridge}, {@code none}, {@code
 *     host}, {@code container:NAME}, a network's name)
 */
public record ContainerSettings(
    List<Mount> mounts,
    Map<String, String> env,
    OptionalDouble cpus,
    OptionalLong memoryBytes,
    long pidsLimit,
    String network) {

  /** The network mode when none is chosen. */
  public static final String DEFAULT_NETWORK = "bridge";

  /** The process limit when none is chosen. */
  public static final long DEFAULT_PIDS_LIMIT = 4096;

  /** Validates the settings. */
  public ContainerSettings {
    mounts = List.copyOf(mounts);
    env = Map.copyOf(env);
    Objects.requireNonNull(cpus, "cpus");
    Objects.requireNonNull(memoryBytes, "memoryBytes");
    if (cpus.isPresent() && !(cpus.getAsDouble() > 0)) {
      throw new IllegalArgumentException("cpus must be above 0, was " + cpus.getAsDouble());
    }
    if (pidsLimit <= 0) {
      throw new IllegalArgumentException("pidsLimit must be above 0, was " + pidsLimit);
    }
    Objects.requireNonNull(network, "network");
  }

  /** No extra mounts or environment, no CPU or memory limit, 4096 processes, bridge network. */
  public static ContainerSettings defaults() {
    return new ContainerSettings(
        List.of(),
        Map.of(),
        OptionalDouble.empty(),
        OptionalLong.empty(),
        DEFAULT_PIDS_LIMIT,
        DEFAULT_NETWORK);
  }

  /** These settings with {@code mount} added. */
  public ContainerSettings withMount(Mount mount) {
    List<Mount> more = new java.util.ArrayList<>(mounts);
    more.add(mount);
    return new ContainerSettings(more, env, cpus, memoryBytes, pidsLimit, network);
  }

  /** These settings with the variable {@code name} set to {@code value}. */
  public ContainerSettings withEnv(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(env);
    more.put(name, value);
    return new ContainerSettings(mounts, more, cpus, memoryBytes, pidsLimit, network);
  }

  /** These settings with a CPU limit. */
  public ContainerSettings withCpus(double limit) {
    return new ContainerSettings(
        mounts, env, OptionalDouble.of(limit), memoryBytes, pidsLimit, network);
  }

  /** These settings with a memory limit in bytes. */
  public ContainerSettings withMemoryBytes(long bytes) {
    return new ContainerSettings(mounts, env, cpus, OptionalLong.of(bytes), pidsLimit, network);
  }

  /** These settings with another process limit. */
  public ContainerSettings withPidsLimit(long limit) {
    return new ContainerSettings(mounts, env, cpus, memoryBytes, limit, network);
  }

  /** These settings with another network mode. */
  public ContainerSettings withNetwork(String mode) {
    return new ContainerSettings(mounts, env, cpus, memoryBytes, pidsLimit, mode);
  }
}
