package dev.scylla.cli;

import picocli.CommandLine.Option;

/** Options every subcommand accepts: verbosity and stack traces. */
public final class GlobalOptions {

  @Option(
      names = {"-v", "--verbose"},
      description = "Show more: log lines of Scylla and of the container.")
  boolean verbose;

  @Option(
      names = {"-q", "--quiet"},
      description = "Show less: no live progress line, warnings and errors only.")
  boolean quiet;

  @Option(
      names = "--stacktrace",
      description = "Print the stack trace of an error, not only its one-line message.")
  boolean stacktrace;

  /** Whether {@code -v} was given. */
  public boolean verbose() {
    return verbose;
  }

  /** Whether {@code -q} was given. */
  public boolean quiet() {
    return quiet;
  }

  /** Whether {@code --stacktrace} was given. */
  public boolean stacktrace() {
    return stacktrace;
  }

  /** These options as arguments, for the Scylla inside the runner container. */
  public java.util.List<String> asArguments() {
    java.util.List<String> args = new java.util.ArrayList<>();
    if (verbose) {
      args.add("--verbose");
    }
    if (quiet) {
      args.add("--quiet");
    }
    if (stacktrace) {
      args.add("--stacktrace");
    }
    return args;
  }
}
