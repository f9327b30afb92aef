package dev.scylla.cli;

import dev.scylla.api.ExitCodes;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * A command line picocli cannot parse (an unknown option, a word where a number belongs): one line
 * that names the problem, and where to read more, instead of the whole usage; exit 2.
 */
final class ParseErrorHandler implements IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cli = ex.getCommandLine();
    PrintWriter err = cli.getErr();
    String message = ex.getMessage() == null ? "invalid command line" : ex.getMessage();
    err.println(
        cli.getColorScheme()
            .errorText("scylla: " + message.lines().findFirst().orElse(message).strip()));
    err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return ExitCodes.USAGE;
  }
}
