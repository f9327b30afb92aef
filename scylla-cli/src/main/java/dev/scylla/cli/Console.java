package dev.scylla.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A command's output: stdout for results (the summary, tables), stderr for progress and notes;
 * knows whether it talks to a terminal and how much to say.
 */
final class Console {

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean verbose;
  private final boolean quiet;
  private final boolean terminal;

  Console(PrintWriter out, PrintWriter err, boolean verbose, boolean quiet, boolean terminal) {
    this.out = out;
    this.err = err;
    this.verbose = verbose;
    this.quiet = quiet;
    this.terminal = terminal;
  }

  /** The console of a command, with the log level its flags ask for. */
  static Console of(CommandSpec spec, GlobalOptions global) {
    Level level = global.verbose() ? Level.INFO : Level.WARN;
    if (global.quiet()) {
      level = Level.ERROR;
    }
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root
        && System.getProperty("scylla.log.level") == null) {
      root.setLevel(level);
    }
    return new Console(
        spec.commandLine().getOut(),
        spec.commandLine().getErr(),
        global.verbose(),
        global.quiet(),
        System.console() != null);
  }

  PrintWriter out() {
    return out;
  }

  PrintWriter err() {
    return err;
  }

  boolean verbose() {
    return verbose;
  }

  boolean quiet() {
    return quiet;
  }

  /** Whether a live status line can be redrawn in place. */
  boolean terminal() {
    return terminal;
  }

  /** A note on stderr, unless quiet. */
  void note(String text) {
    if (!quiet) {
      err.println(text);
      err.flush();
    }
  }

  /** A warning on stderr, always. */
  void warn(String text) {
    err.println("warning: " + text);
    err.flush();
  }

  /** Lines on stdout. */
  void print(Iterable<String> lines) {
    for (String line : lines) {
      out.println(line);
    }
    out.flush();
  }
}
