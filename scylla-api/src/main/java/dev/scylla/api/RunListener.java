package dev.scylla.api;

/**
 * What a target tells while an experiment runs. Every method has an empty default; the container
 * target calls them from its output thread, the in-process target from the engine's workers (one at
 * a time).
 */
public interface RunListener {

  /** A progress report: the same reports on both targets. */
  default void progress(Progress progress) {}

  /**
   * A line the runner container wrote that is not a progress report: the log and messages of the
   * Scylla inside, and what its agents print.
   *
   * @param stderr whether it came on standard error
   */
  default void output(boolean stderr, String line) {}

  /** Something worth telling a person: an image built, credentials staged or written back. */
  default void notice(String message) {}

  /** Something that may need a person's attention, e.g. a credentials file readable by others. */
  default void warning(String message) {}

  /** A listener that ignores everything. */
  static RunListener none() {
    return new RunListener() {};
  }
}
