package dev.scylla.docker.testing;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Polling with a deadline, for tests that wait for something another thread or process does: no
 * fixed sleep that is too short on a loaded machine and too long on an idle one, and a failure that
 * says what never happened.
 */
public final class Await {
  private Await() {}

  /** A condition that may throw; an {@link AssertionError} it throws ends the wait at once. */
  @FunctionalInterface
  public interface Condition {
    /** Whether the awaited thing happened. */
    boolean holds() throws Exception;
  }

  /**
   * Returns as soon as {@code condition} holds; fails with "{@code description}" when it still does
   * not after {@code timeout}.
   */
  public static void await(Duration timeout, Condition condition, String description)
      throws InterruptedException {
    await(timeout, condition, description, () -> "");
  }

  /** As {@link #await(Duration, Condition, String)}, appending {@code detail} to the failure. */
  public static void await(
      Duration timeout, Condition condition, String description, Supplier<String> detail)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 5;
    while (true) {
      try {
        if (condition.holds()) {
          return;
        }
      } catch (InterruptedException | AssertionError | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new AssertionError("while waiting until " + description + ": " + e, e);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        String more = detail.get();
        throw new AssertionError(
            "not within "
                + timeout
                + ": "
                + description
                + (more == null || more.isEmpty() ? "" : "\n" + more));
      }
      Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
      pause = Math.min(pause * 2, 200);
    }
  }
}
