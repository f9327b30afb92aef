package dev.scylla.cli;

import dev.scylla.core.report.LoadedReport;
import dev.scylla.core.report.ReportLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scylla report}: the summary and per-tier table of a finished or interrupted experiment.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "report",
    description = "Print the summary and per-tier table of an experiment's results folder.")
final class ReportCommand implements Callable<Integer> {

  /** Output formats. */
  enum Format {
    md,
    json
  }

  @Spec CommandSpec spec;

  @Mixin GlobalOptions global;

  @Parameters(
      index = "0",
      paramLabel = "RESULTS_DIR",
      description = "An experiment's results folder.")
  Path dir;

  @Option(
      names = "--format",
      paramLabel = "md|json",
      defaultValue = "md",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  Format format;

  @Override
  public Integer call() {
    Console console = Console.of(spec, global);
    if (!Files.isDirectory(dir)) {
      throw new UserInputException(
          "RESULTS_DIR " + dir + " is not a directory: give an experiment's results folder");
    }
    LoadedReport report;
    try {
      report = ReportLoader.load(dir.toAbsolutePath().normalize());
    } catch (RuntimeException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    if (format == Format.json) {
      console.out().println(report.json());
    } else {
      // The Markdown report opens with the summary lines, then the per-tier table.
      console.out().println(report.markdown());
    }
    console.out().flush();
    return ExitCodes.OK;
  }
}
