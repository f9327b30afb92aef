package dev.scylla.docker;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A container as the engine reports it.
 *
 * @param id its id
 * @param name its name, without the leading slash
 * @param image the image it was created from, as given
 * @param state {@code created}, {@code running}, {@code exited}...
 * @param exitCode its exit code once it has exited
 * @param labels its labels
 * @param user the user it runs as, {@code uid:gid} or empty for the image's
 * @param cpus its CPU limit in cores, 0 for none
 * @param memoryBytes its memory limit, 0 for none
 * @param pidsLimit its process limit, 0 for none
 * @param init whether an init process runs as PID 1
 * @param networkMode its network mode, empty when the engine's default
 * @param mounts its bind mounts
 */
public record ContainerInfo(
    String id,
    String name,
    String image,
    String state,
    OptionalInt exitCode,
    Map<String, String> labels,
    String user,
    double cpus,
    long memoryBytes,
    long pidsLimit,
    boolean init,
    String networkMode,
    List<Mount> mounts) {
  /** Copies the collections and validates the fields. */
  public ContainerInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(exitCode, "exitCode");
    labels = Map.copyOf(labels);
    user = user == null ? "" : user;
    networkMode = networkMode == null ? "" : networkMode;
    mounts = List.copyOf(mounts);
  }

  /** Whether the container is running (or paused or restarting). */
  public boolean running() {
    return state.equals("running") || state.equals("paused") || state.equals("restarting");
  }
}
