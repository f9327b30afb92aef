package dev.scylla.docker;

/** Receives the progress of an image build. */
@FunctionalInterface
public interface BuildListener {

  /** Called for every line of the build log. */
  void onLine(String line);

  /**
   * Called when the builder starts a step, e.g. {@code Step 3/12 : RUN apt-get ...}; by default
   * nothing happens beyond {@link #onLine}.
   */
  default void onStep(int step, int totalSteps, String instruction) {}

  /** Discards everything. */
  static BuildListener ignore() {
    return line -> {};
  }
}
