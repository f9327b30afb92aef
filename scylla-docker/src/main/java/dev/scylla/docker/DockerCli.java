package dev.scylla.docker;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hands the terminal to the {@code docker} command for interactive sessions ({@code docker exec
 * -it}, {@code docker start -ai}), which a library cannot do as well: raw mode, resizes, signals.
 * Everything non-interactive goes through {@link ContainerRuntime}.
 */
public final class DockerCli {

  private final String path;

  /** Looks for {@code docker} on this process's {@code PATH}. */
  public DockerCli() {
    this(System.getenv().getOrDefault("PATH", ""));
  }

  /** Looks for {@code docker} on {@code path} (a PATH-style list of directories). */
  public DockerCli(String path) {
    this.path = path;
  }

  /** The {@code docker} executable, if it is on the PATH. */
  public Optional<Path> find() {
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "docker");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Whether interactive sessions are possible. */
  public boolean isAvailable() {
    return find().isPresent();
  }

  /**
   * Runs {@code spec} in a running container with this terminal attached ({@code docker exec -it})
   * and returns its exit code.
   *
   * @param tty whether to allocate a terminal ({@code -t}); false when stdin is not one
   * @throws DockerCliNotFoundException when {@code docker} is not on the PATH
   */
  public int execInteractive(String container, ExecSpec spec, boolean tty)
      throws InterruptedException {
    List<String> command = new ArrayList<>(List.of("exec", "-i"));
    if (tty) {
      command.add("-t");
    }
    if (spec.user() != null) {
      command.addAll(List.of("-u", spec.user()));
    }
    if (spec.workdir() != null) {
      command.addAll(List.of("-w", spec.workdir()));
    }
    for (Map.Entry<String, String> e : spec.env().entrySet()) {
      command.addAll(List.of("-e", e.getKey() + "=" + e.getValue()));
    }
    command.add(container);
    command.addAll(spec.command());
    return run(command);
  }

  /**
   * Starts a created or stopped container with this terminal attached ({@code docker start -ai})
   * and returns its exit code once it stops.
   *
   * @throws DockerCliNotFoundException when {@code docker} is not on the PATH
   */
  public int startAttached(String container) throws InterruptedException {
    return run(List.of("start", "-ai", container));
  }

  private int run(List<String> arguments) throws InterruptedException {
    Path docker = find().orElseThrow(() -> new DockerCliNotFoundException(path));
    List<String> command = new ArrayList<>();
    command.add(docker.toString());
    command.addAll(arguments);
    Process process;
    try {
      process = new ProcessBuilder(command).inheritIO().start();
    } catch (java.io.IOException e) {
      throw new DockerException("cannot start " + docker + ": " + e.getMessage(), e);
    }
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      process.destroy();
      throw e;
    }
  }
}
