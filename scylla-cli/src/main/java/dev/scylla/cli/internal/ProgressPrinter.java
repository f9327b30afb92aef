package dev.scylla.cli.internal;

import dev.scylla.api.Progress;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Shows progress on the user's terminal: a live status line (runs done/total, passes, cost,
 * elapsed) redrawn in place on a terminal, plain lines otherwise. Quiet mode shows only notices.
 * The last report ({@code finished}) is not shown: the command prints how the experiment ended.
 */
public final class ProgressPrinter implements Consumer<Progress> {

  private final PrintWriter out;
  private final boolean live;
  private final boolean quiet;
  private final Instant started = Instant.now();
  private boolean statusShown;

  /**
   * A printer.
   *
   * @param out where to print (the command's stderr)
   * @param live redraw a status line in place (a terminal, not quiet)
   * @param quiet print notices only
   */
  public ProgressPrinter(PrintWriter out, boolean live, boolean quiet) {
    this.out = out;
    this.live = live && !quiet;
    this.quiet = quiet;
  }

  @Override
  public synchronized void accept(Progress progress) {
    boolean notice = progress.kind().equals("notice");
    if (quiet && !notice || progress.kind().equals(Progress.FINISHED)) {
      return;
    }
    if (live) {
      clearStatus();
      if (!progress.kind().equals("run-started")) {
        out.println(progress.message());
      }
      out.print(status(progress));
      statusShown = true;
    } else if (!progress.kind().equals("run-started")) {
      out.println(progress.message());
    }
    out.flush();
  }

  /** Prints a line that is not progress (container output), keeping the status line below it. */
  public synchronized void line(String text) {
    clearStatus();
    out.println(text);
    out.flush();
  }

  /** Removes the status line, before the summary is printed. */
  public synchronized void finish() {
    clearStatus();
    out.flush();
  }

  private void clearStatus() {
    if (statusShown) {
      out.print("\r\033[2K");
      statusShown = false;
    }
  }

  private String status(Progress p) {
    long elapsed = Duration.between(started, Instant.now()).toSeconds();
    return String.format(
        Locale.ROOT,
        "[%d/%d runs, %d passed, $%.4f, %dm%02ds]",
        p.runsDone(),
        p.runsTotal(),
        p.passed(),
        p.costUsd(),
        elapsed / 60,
        elapsed % 60);
  }
}
