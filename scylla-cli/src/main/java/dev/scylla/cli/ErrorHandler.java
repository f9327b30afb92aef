package dev.scylla.cli;

import dev.scylla.api.ExitCodes;
import dev.scylla.api.RunnerExitException;
import dev.scylla.core.ScyllaException;
import dev.scylla.core.engine.ConfigChangedException;
import dev.scylla.credentials.CredentialsException;
import dev.scylla.docker.DockerException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception from a command into one line on stderr and its documented exit code; the stack
 * trace only with {@code --stacktrace}.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parseResult) {
    PrintWriter err = cli.getErr();
    err.println(cli.getColorScheme().errorText("scylla: " + message(ex)));
    if (stacktraceRequested(parseResult)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return exitCode(ex);
  }

  /** The exit code for an exception that ended a command. */
  static int exitCode(Throwable ex) {
    if (ex instanceof RunnerExitException runner) {
      // The Scylla inside the container chose the code.
      return runner.exitCode() == ExitCodes.OK ? ExitCodes.RUNS_ERRORED : runner.exitCode();
    }
    if (ex instanceof ScyllaException scylla) {
      return switch (scylla.kind()) {
        case INPUT -> ExitCodes.USAGE;
        case INFRASTRUCTURE -> ExitCodes.DOCKER;
        case INTERNAL -> ExitCodes.RUNS_ERRORED;
      };
    }
    if (ex instanceof UserInputException
        || ex instanceof CommandLine.ParameterException
        || ex instanceof IllegalArgumentException) {
      return ExitCodes.USAGE;
    }
    if (ex instanceof DockerException) {
      return ExitCodes.DOCKER;
    }
    if (ex instanceof CredentialsException) {
      return ExitCodes.CREDENTIALS;
    }
    if (ex instanceof InterruptedException) {
      return ExitCodes.INTERRUPTED;
    }
    return ExitCodes.RUNS_ERRORED;
  }

  static String message(Throwable ex) {
    String message = ex.getMessage();
    if (message == null || message.isBlank()) {
      return "unexpected " + ex.getClass().getSimpleName() + " (rerun with --stacktrace)";
    }
    if (ex instanceof ConfigChangedException) {
      // The library says what to do; the options that do it are the command line's.
      return message.lines().findFirst().orElse(message)
          + " (--fresh starts over; --experiment-id names another)";
    }
    if (exitCode(ex) == ExitCodes.RUNS_ERRORED) {
      // Not one of ours: say so, and how to see more.
      return message.lines().findFirst().orElse(message) + " (rerun with --stacktrace)";
    }
    return message.lines().findFirst().orElse(message);
  }

  private static boolean stacktraceRequested(ParseResult parseResult) {
    for (ParseResult current = parseResult; current != null; current = current.subcommand()) {
      if (current.hasMatchedOption("--stacktrace")) {
        return true;
      }
    }
    return false;
  }
}
