package dev.scylla.cli;

import dev.scylla.api.ContainerTarget;
import dev.scylla.api.ExitCodes;
import dev.scylla.api.InvalidInputException;
import dev.scylla.api.RunListener;
import dev.scylla.api.ShellJob;
import dev.scylla.api.Target;
import dev.scylla.docker.ContainerInfo;
import dev.scylla.docker.ContainerRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
      ContainerTarget target =
          Target.container()
              .runtime(runtime)
              .image(engine -> Images.ensure(engine, image, console))
              .login(Credentials.login(credentials))
              .settings(ContainerFlags.parse(container))
              .listener(listener(console));
      if (list) {
        return list(target, console);
      }
      if (stop != null || remove != null) {
        String shell = remove != null ? remove : stop;
        try {
          target.stopShell(shell, remove != null);
        } catch (InvalidInputException e) {
          throw new UserInputException(e.getMessage(), e);
        }
        console.note((remove != null ? "Removed shell " : "Stopped shell ") + shell);
        return ExitCodes.OK;
      }
      String shell = name == null ? target.nextFreeShellName() : checkName(name);
      if (command.isEmpty() && System.console() == null) {
        throw new UserInputException(
            "scylla shell needs a terminal for an interactive bash; run one command with"
                + " `scylla shell "
                + shell
                + " -- CMD...`");
      }
      ShellJob job = new ShellJob(shell, command, Path.of(""));
      try {
        return target.start(job).await();
      } catch (InvalidInputException e) {
        throw new UserInputException(e.getMessage(), e);
      }
    }
  }

  /** The shell's notices on the console; a command's output on stdout and stderr as it came. */
  private static RunListener listener(Console console) {
    return new RunListener() {
      @Override
      public void output(boolean stderr, String line) {
        if (stderr) {
          console.err().println(line);
          console.err().flush();
        } else {
          console.out().println(line);
          console.out().flush();
        }
      }

      @Override
      public void notice(String message) {
        if (message.startsWith("Started shell ")) {
          String shell = message.substring("Started shell ".length());
          console.note(message + " (re-enter: scylla shell " + shell + ")");
        } else {
          console.note(message);
        }
      }

      @Override
      public void warning(String message) {
        console.warn(message);
      }
    };
  }

  private static int list(ContainerTarget target, Console console) {
    List<ContainerInfo> shells = target.shells();
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

  private static String checkName(String shell) {
    try {
      return ShellJob.requireName(shell);
    } catch (InvalidInputException e) {
      throw new UserInputException(e.getMessage(), e);
    }
  }
}
