package dev.scylla.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void line_roundTripsThroughTheContainerProtocol() {
    Progress progress = new Progress("run", "T0/00 run 1: PASS", "/r/x", 3, 10, 2, 0.125);

    assertThat(Progress.parse(progress.toLine())).hasValue(progress);
  }

  @Test
  void parse_ignoresOtherLinesAndBrokenJson() {
    assertThat(Progress.parse("just container output")).isEmpty();
    assertThat(Progress.parse(Progress.PREFIX + "{broken")).isEmpty();
  }

  @Test
  void tracker_countsRunsPassesAndCost() {
    List<Progress> seen = new ArrayList<>();
    ProgressTracker tracker = new ProgressTracker(seen::add);

    tracker.experimentStarted("e", java.nio.file.Path.of("/r/e"), 4, 1);
    tracker.budgetExhausted(1.5, 1.0);

    assertThat(seen).hasSize(2);
    assertThat(seen.get(0).message()).contains("4 runs").contains("resuming: 1 done");
    assertThat(seen.get(0).experimentDir()).isEqualTo("/r/e");
    assertThat(seen.get(1).kind()).isEqualTo("notice");
    assertThat(seen.get(1).message()).contains("$1.5000 of $1.0000");
    assertThat(seen.get(1).runsDone()).isEqualTo(1);
  }

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
}
