package dev.scylla.cli;

import dev.scylla.api.BatchOutcome;
import dev.scylla.api.ExitCodes;
import dev.scylla.core.ScyllaException;
import dev.scylla.core.report.CompareReport;
import dev.scylla.core.report.LoadedReport;
import dev.scylla.core.report.ReportLoader;
import dev.scylla.core.results.ResultFiles;
import java.nio.file.Files;
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
 * {@code scylla report}: the summary and per-tier table of a finished or interrupted experiment, as
 * Markdown, JSON or CSV, on stdout or into a file.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "report",
    description = "Print the summary and per-tier table of an experiment's results folder.")
final class ReportCommand implements Callable<Integer> {

  /** Output formats. */
  enum Format {
    md,
    json,
    csv,
    html
  }

  @Spec CommandSpec spec;

  @Mixin GlobalOptions global;

  @Parameters(
      arity = "1..*",
      paramLabel = "RESULTS_DIR",
      description =
          "An experiment's results folder; with several, they are compared side by side"
              + " (md or html). A batch folder (with batch.json) gets its batch files made again.")
  List<Path> dirs;

  @Option(
      names = "--format",
      paramLabel = "md|json|csv|html",
      defaultValue = "md",
      description =
          "Output format (default: ${DEFAULT-VALUE}); csv: one row per run; html: the"
              + " self-contained report (links resolve when FILE sits in RESULTS_DIR).")
  Format format;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Write the report to FILE (atomically) instead of stdout.")
  Path output;

  @Option(
      names = "--regenerate",
      description =
          "First rebuild every aggregate and report in RESULTS_DIR from its run files"
              + " (no agent or judge runs).")
  boolean regenerate;

  @Override
  public Integer call() {
    Console console = Console.of(spec, global);
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        throw new UserInputException(
            "RESULTS_DIR " + dir + " is not a directory: give an experiment's results folder");
      }
    }
    if (output != null && Files.isDirectory(output)) {
      throw new UserInputException(
          "--output " + output + " is a directory: give a file name such as runs.csv");
    }
    if (dirs.size() > 1 && (format == Format.json || format == Format.csv)) {
      throw new UserInputException(
          "--format " + format + " shows one experiment: compare several with --format md or html");
    }
    if (dirs.size() == 1 && BatchOutcome.isBatch(dirs.get(0))) {
      return batch(console, dirs.get(0));
    }
    List<LoadedReport> reports = new ArrayList<>();
    try {
      for (Path dir : dirs) {
        Path experiment = dir.toAbsolutePath().normalize();
        reports.add(
            regenerate ? ReportLoader.regenerate(experiment) : ReportLoader.load(experiment));
      }
    } catch (ScyllaException e) {
      throw e; // it has its kind
    } catch (RuntimeException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    String text;
    if (reports.size() > 1) {
      text = format == Format.html ? CompareReport.html(reports) : CompareReport.markdown(reports);
    } else {
      LoadedReport report = reports.get(0);
      text =
          switch (format) {
            case json -> report.json() + "\n";
            // The Markdown report opens with the summary lines, then the per-tier table.
            case md -> report.markdown() + "\n";
            case csv -> report.csv();
            case html -> report.html();
          };
    }
    write(console, text);
    return ExitCodes.OK;
  }

  /**
   * A batch folder (it holds batch.json): its batch files are made again, then shown in the format
   * asked: md the per-test lines and totals, json batch_summary.json, csv the batch's runs.csv,
   * html batch_report.html.
   */
  private int batch(Console console, Path dir) {
    BatchOutcome outcome;
    try {
      outcome = BatchOutcome.regenerate(dir, regenerate);
    } catch (ScyllaException e) {
      throw e; // it has its kind
    } catch (RuntimeException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    String text =
        switch (format) {
          case md -> String.join("\n", outcome.summaryLines()) + "\n";
          case json -> outcome.summaryJson() + "\n";
          case csv -> outcome.runsCsv();
          case html -> outcome.reportHtml();
        };
    write(console, text);
    return ExitCodes.OK;
  }

  private void write(Console console, String text) {
    if (output != null) {
      ResultFiles.writeText(output.toAbsolutePath(), text);
    } else {
      console.out().print(text);
      console.out().flush();
    }
  }
}
