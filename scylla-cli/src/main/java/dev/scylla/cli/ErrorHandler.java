package dev.scylla.cli;

import dev.scylla.api.ExitCodes;
import dev.scylla.api.Failures;
import dev.scylla.core.ErrorKind;
import dev.scylla.core.fixture.FixtureException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception from a command into one line on stderr and its documented exit code; the stack
 * trace only with {@code --stacktrace}. The libraries say what is wrong in their own terms; this is
 * where the command line adds its own words: the option that changes the setting at fault.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

  /**
   * What the command line adds for a setting a library named ({@link Failures#settingOf}): the
   * option that changes it.
   */
  static final Map<String, String> HINTS =
      Map.of(
          "repo", "--repo chooses another",
          "commit", "--commit chooses another",
          "shared_dir", "--shared-dir names the folder",
          "agent_jars", "--agent-jar names the runners' jars",
          "experiment_id", "--fresh starts over; --experiment-id names another",
          "batch_id", "--fresh starts over; --batch-id names another",
          "ca_bundle", "--ca-bundle FILE or SCYLLA_CA_BUNDLE=FILE names it",
          "credentials", "--credentials FILE names another");

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

  /**
   * The exit code for an exception that ended a command: the code of its kind ({@link
   * ExitCodes#of(ErrorKind)}), or {@link ExitCodes#INTERRUPTED} for an interruption. An exception
   * no library threw on purpose is internal: exit 1.
   */
  static int exitCode(Throwable ex) {
    if (ex instanceof InterruptedException) {
      return ExitCodes.INTERRUPTED;
    }
    return ExitCodes.of(Failures.kindOf(ex));
  }

  /**
   * The line to print: the exception's first line, with what the command line adds: the option for
   * the setting at fault, {@code scylla validate} for a fixture with several problems, and {@code
   * --stacktrace} for a fault in Scylla.
   */
  static String message(Throwable ex) {
    String message = ex.getMessage();
    boolean internal =
        !(ex instanceof InterruptedException) && Failures.kindOf(ex) == ErrorKind.INTERNAL;
    if (message == null || message.isBlank()) {
      return "unexpected " + ex.getClass().getSimpleName() + " (rerun with --stacktrace)";
    }
    List<String> hints = new ArrayList<>();
    Failures.settingOf(ex).flatMap(ErrorHandler::hint).ifPresent(hints::add);
    if (ex instanceof FixtureException fixture && fixture.problems().size() > 1) {
      hints.add("scylla validate lists them all");
    }
    if (internal) {
      // Not one of ours: say so, and how to see more.
      hints.add("rerun with --stacktrace");
    }
    return withHints(message.lines().findFirst().orElse(message), hints);
  }

  /**
   * What the command line says about a setting at fault: its own words for the settings above, else
   * the option of {@code scylla run} that sets it.
   */
  static java.util.Optional<String> hint(String setting) {
    if (HINTS.containsKey(setting)) {
      return java.util.Optional.of(HINTS.get(setting));
    }
    return SettingsOptions.optionOf(setting).map(option -> option + " chooses another");
  }

  /**
   * {@code line} with the hints in parentheses, inside its own closing parenthesis when it ends
   * with one.
   */
  static String withHints(String line, List<String> hints) {
    if (hints.isEmpty()) {
      return line;
    }
    String joined = String.join("; ", hints);
    if (line.endsWith(")")) {
      return line.substring(0, line.length() - 1) + "; " + joined + ")";
    }
    return line + " (" + joined + ")";
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
