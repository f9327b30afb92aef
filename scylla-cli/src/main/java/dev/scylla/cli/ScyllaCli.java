package dev.scylla.cli;

import dev.scylla.api.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code scylla} command: runs agent evaluation experiments inside a container. */
@Command(
    name = "scylla",
    mixinStandardHelpOptions = true,
    versionProvider = ScyllaCli.VersionProvider.class,
    description = "Runs end-to-end evaluation experiments of AI coding agents inside a container.",
    exitCodeListHeading = "%nExit codes:%n",
    subcommands = {
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
      JobCommand.class,
    })
public final class ScyllaCli {

  /** Builds the command line with every subcommand, the exit codes and the exception handler. */
  public static CommandLine commandLine() {
    return commandLine(CommandLine.defaultFactory());
  }

  /** The command line, with commands made by {@code factory} (tests hand in a fake Docker). */
  static CommandLine commandLine(CommandLine.IFactory factory) {
    CommandLine cli = new CommandLine(new ScyllaCli(), factory);
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
    System.exit(commandLine().execute(args));
  }
}
