package dev.scylla.cli;

import dev.scylla.api.ExitCodes;
import dev.scylla.api.MountPlan;
import dev.scylla.api.RunnerContainer;
import dev.scylla.api.RunnerLogin;
import dev.scylla.api.ScyllaImage;
import dev.scylla.credentials.CredentialsException;
import dev.scylla.credentials.HostCredentials;
import dev.scylla.credentials.StagedCredentials;
import dev.scylla.credentials.WriteBackResult;
import dev.scylla.docker.ContainerInfo;
import dev.scylla.docker.ContainerNotFoundException;
import dev.scylla.docker.ContainerRuntime;
import dev.scylla.docker.DockerCli;
import dev.scylla.docker.ExecSpec;
import dev.scylla.docker.ImageRef;
import dev.scylla.docker.ScyllaLabels;
import dev.scylla.docker.StreamType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scylla shell}: a named, long-lived runner container with an interactive bash, where
 * several experiments can be run; its credentials are staged for its lifetime and synced with the
 * host at each entry, stop and removal.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "shell",
    sortOptions = false,
    description = {
      "Open (or re-enter) a named runner container with an interactive bash.",
      "Without NAME, a new shell named scylla-shell-<n> starts.",
      "scylla shell NAME -- CMD... runs one command in it, without a terminal."
    })
final class ShellCommand implements Callable<Integer> {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  @Spec CommandSpec spec;

  @Mixin GlobalOptions global;

  @Mixin ImageOptions image;

  @Mixin ContainerOptions container;

  @Mixin CredentialOptions credentials;

  @Option(names = "--list", description = "List Scylla's shells.")
  boolean list;

  @Option(
      names = "--stop",
      paramLabel = "NAME",
      description = "Stop a shell (its credentials are synced with the host first).")
  String stop;

  @Option(
      names = "--rm",
      paramLabel = "NAME",
      description = "Remove a shell and its staged credentials (synced with the host first).")
  String remove;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The shell's name.")
  String name;

  @Parameters(
      index = "1..*",
      arity = "0..*",
      paramLabel = "CMD",
      description = "A command to run in the shell instead of an interactive bash (after --).")
  List<String> command = new ArrayList<>();

  private final Docker docker;

  ShellCommand() {
    this(Docker.system());
  }

  ShellCommand(Docker docker) {
    this.docker = docker;
  }

  @Override
  public Integer call() throws InterruptedException {
    Console console = Console.of(spec, global);
    try (ContainerRuntime runtime = docker.connect()) {
      if (list) {
        return list(runtime, console);
      }
      if (stop != null) {
        return stop(runtime, console, checkName(stop), false);
      }
      if (remove != null) {
        return stop(runtime, console, checkName(remove), true);
      }
      String shell = name == null ? nextFreeName(runtime) : checkName(name);
      return enter(runtime, console, shell);
    }
  }

  private int enter(ContainerRuntime runtime, Console console, String shell)
      throws InterruptedException {
    boolean interactive = command.isEmpty();
    if (interactive && System.console() == null) {
      throw new UserInputException(
          "scylla shell needs a terminal for an interactive bash; run one command with"
              + " `scylla shell "
              + shell
              + " -- CMD...`");
    }
    Optional<StagedCredentials> staged = stage(console, shell);
    try {
      Optional<ContainerInfo> existing = runtime.inspectContainer(shell);
      if (existing.isPresent() && !isShell(existing.get())) {
        throw new UserInputException(
            "a container named "
                + shell
                + " exists but is not a Scylla shell: choose another name");
      }
      if (existing.isEmpty()) {
        create(runtime, console, shell, staged);
      } else if (!existing.get().running()) {
        console.note("Starting shell " + shell);
        runtime.start(shell);
      } else {
        console.note("Entering shell " + shell);
      }
      List<String> entry = new ArrayList<>();
      entry.add(ScyllaImage.ENTRYPOINT);
      if (interactive) {
        entry.add("bash");
        return new DockerCli()
            .execInteractive(shell, new ExecSpec(entry, Map.of(), null, null), true);
      }
      entry.addAll(command);
      return runtime.exec(
          shell,
          new ExecSpec(entry, Map.of(), null, null),
          (stream, line) -> {
            if (stream == StreamType.STDERR) {
              console.err().println(line);
              console.err().flush();
            } else {
              console.out().println(line);
              console.out().flush();
            }
          });
    } finally {
      staged.ifPresent(s -> report(console, s.writeBack()));
    }
  }

  private void create(
      ContainerRuntime runtime, Console console, String shell, Optional<StagedCredentials> staged) {
    ImageRef ref = Images.ensure(runtime, image, console);
    if (ref.built()) {
      console.note("Built runner image " + ref.tag());
    }
    Path cwd = Path.of("").toAbsolutePath();
    MountPlan plan = new MountPlan();
    if (!plan.addIfMountable(cwd, false)) {
      console.warn(cwd + " is not mounted into the shell: it would hide the container's own");
    }
    RunnerContainer.Builder spec =
        RunnerContainer.forShell(ref, shell)
            .workingDirectory(cwd)
            .mounts(plan)
            .credentials(staged.orElse(null))
            .settings(ContainerFlags.parse(container));
    String id = runtime.create(spec.build());
    runtime.start(id);
    console.note("Started shell " + shell + " (re-enter: scylla shell " + shell + ")");
  }

  private int stop(ContainerRuntime runtime, Console console, String shell, boolean remove) {
    Optional<ContainerInfo> existing = runtime.inspectContainer(shell);
    if (existing.isPresent() && !isShell(existing.get())) {
      throw new UserInputException(shell + " is not a Scylla shell; nothing was changed");
    }
    Optional<StagedCredentials> staged = stage(console, shell);
    if (existing.isEmpty() && staged.isEmpty()) {
      throw new ContainerNotFoundException(shell);
    }
    if (existing.isPresent()) {
      if (remove) {
        runtime.stop(shell, STOP_GRACE);
        runtime.remove(shell);
      } else if (existing.get().running()) {
        runtime.stop(shell, STOP_GRACE);
      }
    }
    staged.ifPresent(s -> report(console, s.writeBack()));
    if (remove) {
      Credentials.login(credentials).stager().removeShell(shell);
    }
    console.note((remove ? "Removed shell " : "Stopped shell ") + shell);
    return ExitCodes.OK;
  }

  private int list(ContainerRuntime runtime, Console console) {
    List<ContainerInfo> shells =
        runtime.findContainers(ScyllaLabels.managed(ScyllaLabels.Kind.SHELL));
    if (shells.isEmpty()) {
      console.note("No Scylla shells. Start one with: scylla shell [NAME]");
      return ExitCodes.OK;
    }
    console.out().printf("%-32s %-10s %s%n", "NAME", "STATE", "IMAGE");
    for (ContainerInfo shell : shells) {
      console.out().printf("%-32s %-10s %s%n", shell.name(), shell.state(), shell.image());
    }
    console.out().flush();
    return ExitCodes.OK;
  }

  /**
   * Stages (or re-stages and syncs) the shell's credentials; none when no login is found (the
   * shell's banner then says what is missing).
   */
  private Optional<StagedCredentials> stage(Console console, String shell) {
    RunnerLogin login = Credentials.login(credentials);
    HostCredentials host;
    try {
      host = HostCredentials.find(login.lookup());
    } catch (CredentialsException e) {
      console.warn(e.getMessage());
      return Optional.empty();
    }
    host.warnings().forEach(console::warn);
    return Optional.of(
        login
            .stager()
            .stageForShell(
                host, shell, login.stagingOptions(List.of(Path.of("").toAbsolutePath()))));
  }

  private static void report(Console console, WriteBackResult result) {
    if (result.outcome() == WriteBackResult.Outcome.UPDATED_HOST
        || result.outcome() == WriteBackResult.Outcome.HOST_NEWER_COPIED_IN) {
      console.note("Credentials: " + result.describe());
    }
  }

  private static boolean isShell(ContainerInfo info) {
    return ScyllaLabels.Kind.SHELL.value().equals(info.labels().get(ScyllaLabels.KIND));
  }

  private static String nextFreeName(ContainerRuntime runtime) {
    for (int n = 1; ; n++) {
      String candidate = "scylla-shell-" + n;
      if (runtime.inspectContainer(candidate).isEmpty()) {
        return candidate;
      }
    }
  }

  private static String checkName(String shell) {
    if (!NAME.matcher(shell).matches()) {
      throw new UserInputException(
          "shell name "
              + shell
              + " is not valid: letters, digits, '_', '.', '-', starting with a letter or digit");
    }
    return shell;
  }
}
