package dev.scylla.cli;

import dev.scylla.api.ExitCodes;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code scylla} command: runs agent evaluation experiments inside a container. */
@Command(
    name = "scylla",
    mixinStandardHelpOptions = true,
    versionProvider = ScyllaCli.VersionProvider.class,
    description = "Runs end-to-end evaluation experiments of AI coding agents inside a container.",
    exitCodeListHeading = "%nExit codes:%n")
public final class ScyllaCli {

  /**
   * The subcommands, in the order help lists them. Added here rather than in the annotation, so
   * that a command line for one of them need not build the others' models (a tenth of a start).
   */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          RunCommand.class,
          ShellCommand.class,
          ValidateCommand.class,
          ImageCommand.class,
          DoctorCommand.class,
          CleanCommand.class,
          ReportCommand.class,
          RejudgeCommand.class,
          CompletionCommand.class,
          WelcomeCommand.class,
          PodRunCommand.class,
          JobCommand.class);

  /** Builds the command line with every subcommand, the exit codes and the exception handler. */
  public static CommandLine commandLine() {
    return commandLine(CommandLine.defaultFactory());
  }

  /** The command line, with commands made by {@code factory} (tests hand in a fake Docker). */
  static CommandLine commandLine(CommandLine.IFactory factory) {
    return commandLine(factory, SUBCOMMANDS);
  }

  /**
   * The command line that {@code args} need: when they start with a subcommand's name, the root
   * with that subcommand alone (parsing, help and errors of that subcommand are the same), else
   * with every subcommand. {@code completion} describes all of them, so it gets all of them.
   */
  static CommandLine commandLineFor(CommandLine.IFactory factory, String[] args) {
    if (args.length > 0) {
      for (Class<?> command : SUBCOMMANDS) {
        if (command != CompletionCommand.class
            && command.getAnnotation(Command.class).name().equals(args[0])) {
          return commandLine(factory, List.of(command));
        }
      }
    }
    return commandLine(factory, SUBCOMMANDS);
  }

  private static CommandLine commandLine(CommandLine.IFactory factory, List<Class<?>> commands) {
    CommandLine cli = new CommandLine(new ScyllaCli(), factory);
    for (Class<?> command : commands) {
      cli.addSubcommand(new CommandLine(command, factory));
    }
    cli.getCommandSpec().usageMessage().exitCodeList(ExitCodes.describe());
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setParameterExceptionHandler(new ParseErrorHandler());
    cli.setExitCodeExceptionMapper(ErrorHandler::exitCode);
    cli.setDefaultValueProvider(new SettingsOptions());
    for (CommandLine sub : cli.getSubcommands().values()) {
      sub.getCommandSpec().usageMessage().exitCodeList(ExitCodes.describe());
      sub.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n");
    }
    return cli;
  }

  /** The Scylla version, read from the jar. */
  public static String version() {
    return dev.scylla.api.Scylla.version();
  }

  /** Prints the Scylla and Java versions. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "Scylla " + version(),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")",
        "Runner image " + imageTag(),
      };
    }

    private static String imageTag() {
      try {
        return Images.runnerImage(new ImageOptions()).tag();
      } catch (RuntimeException e) {
        return "unknown (" + e.getMessage() + ")";
      }
    }
  }

  /** Runs the command line and exits with its code; the only place that calls System.exit. */
  public static void main(String[] args) {
    System.exit(commandLineFor(CommandLine.defaultFactory(), args).execute(args));
  }
}
