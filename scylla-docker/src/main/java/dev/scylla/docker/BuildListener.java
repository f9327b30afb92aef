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

  /**
   * Called when a build stage other than the last is complete, with the stage's name ({@code AS
   * name}, else its index from 0) and the id of the image it produced. The legacy builder keeps
   * such images untagged (dangling); the caller may tag or remove them. By default nothing happens.
   */
  default void onStageImage(String stage, String imageId) {}

  /** Discards everything. */
  static BuildListener ignore() {
    return line -> {};
  }
}
