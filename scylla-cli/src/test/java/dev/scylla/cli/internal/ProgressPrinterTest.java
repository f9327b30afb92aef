package dev.scylla.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.api.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {

  @Test
  void printer_quiet_showsNoticesOnly() {
    StringWriter out = new StringWriter();
    ProgressPrinter printer = new ProgressPrinter(new PrintWriter(out), false, true);

    printer.accept(new Progress("run", "a run line", null, 1, 2, 1, 0));
    printer.accept(new Progress("notice", "a notice", null, 1, 2, 1, 0));

    assertThat(out.toString()).doesNotContain("a run line").contains("a notice");
  }

  @Test
  void printer_live_redrawsOneStatusLine() {
    StringWriter out = new StringWriter();
    ProgressPrinter printer = new ProgressPrinter(new PrintWriter(out), true, false);

    printer.accept(new Progress("run", "first", null, 1, 4, 1, 0.5));
    printer.accept(new Progress("run", "second", null, 2, 4, 1, 0.75));
    printer.finish();

    assertThat(out.toString())
        .contains("first\n")
        .contains("[2/4 runs, 1 passed, $0.7500, ")
        .endsWith("\r\033[2K");
  }

  @Test
  void printer_leavesTheLastReportToTheCommand() {
    StringWriter out = new StringWriter();
    ProgressPrinter printer = new ProgressPrinter(new PrintWriter(out), false, false);

    printer.accept(new Progress("run", "a run line", null, 1, 2, 1, 0));
    printer.accept(new Progress(Progress.FINISHED, "completed", null, 2, 2, 1, 0, "COMPLETED"));

    assertThat(out.toString()).contains("a run line").doesNotContain("completed");
  }
}
