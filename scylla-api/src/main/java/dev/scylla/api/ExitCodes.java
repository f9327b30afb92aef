package dev.scylla.api;

import dev.scylla.core.ErrorKind;

/**
 * The exit codes of the {@code scylla} command, in one place so that {@code --help}, the README and
 * the code agree. The container target reads the runner container's exit code by this table.
 */
public final class ExitCodes {
  /** The experiment completed, whatever its scores (a rubric FAIL is a result). */
  public static final int OK = 0;

  /** The experiment completed, but some runs errored (crashed, timed out, unparseable). */
  public static final int RUNS_ERRORED = 1;

  /**
   * Bad usage or input: flags, fixture, config files, a task repository or commit that cannot be
   * used, a changed configuration without {@code --fresh}.
   */
  public static final int USAGE = 2;

  /**
   * Infrastructure: Docker is unreachable, the runner image could not be built or run, a file or
   * program the experiment needs failed, or the model's API stayed unreachable longer than the
   * experiment waits (resumable: nothing was scored from the outage).
   */
  public static final int DOCKER = 3;

  /** Credentials are missing, unreadable, logged out, or expired during the experiment. */
  public static final int CREDENTIALS = 4;

  /** Interrupted (Ctrl-C or SIGTERM); a checkpoint keeps the experiment resumable. */
  public static final int INTERRUPTED = 130;

  /** The exit code for how an experiment ended. */
  public static int of(dev.scylla.core.engine.ExperimentOutcome outcome) {
    return switch (outcome.status()) {
      case COMPLETED, BUDGET_EXHAUSTED -> outcome.erroredRuns() > 0 ? RUNS_ERRORED : OK;
      case INTERRUPTED -> INTERRUPTED;
      case AUTH_FAILED -> CREDENTIALS;
      case API_UNREACHABLE -> DOCKER;
    };
  }

  /**
   * The exit code for a failure of {@code kind}: input 2, infrastructure 3, credentials 4, internal
   * 1 (a fault in Scylla ends the command as "not everything went well", with no code of its own).
   * With {@link Failures#kindOf(Throwable)} this is how the {@code scylla} command turns an
   * exception into its exit code; an interruption is {@link #INTERRUPTED} instead.
   */
  public static int of(ErrorKind kind) {
    return switch (kind) {
      case INPUT -> USAGE;
      case INFRASTRUCTURE -> DOCKER;
      case CREDENTIALS -> CREDENTIALS;
      case INTERNAL -> RUNS_ERRORED;
    };
  }

  /** The exit-code section of {@code --help}: code to meaning, in order. */
  public static java.util.Map<String, String> describe() {
    java.util.Map<String, String> codes = new java.util.LinkedHashMap<>();
    codes.put(" " + OK, "the experiment completed (whatever the scores)");
    codes.put(" " + RUNS_ERRORED, "it completed, but some runs errored");
    codes.put(
        " " + USAGE,
        "bad usage or input (options, fixture, repository, changed config; a batch: a test"
            + " skipped for bad input)");
    codes.put(
        " " + DOCKER,
        "Docker, runner image or other infrastructure problem; the API unreachable too long"
            + " (resumable)");
    codes.put(" " + CREDENTIALS, "credentials problem");
    codes.put(" " + INTERRUPTED, "interrupted");
    return codes;
  }

  private ExitCodes() {}
}
