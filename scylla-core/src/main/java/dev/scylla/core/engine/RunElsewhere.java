package dev.scylla.core.engine;

import dev.scylla.core.model.TierId;
import java.nio.file.Path;
import java.util.List;

/**
 * Executes a run somewhere other than this JVM (a pod of a cluster) and hands back its run folder.
 * The engine keeps everything else: which runs are missing, the phases, the checkpoint, the
 * reports. A run folder handed back has the layout of a local run's, with its {@code
 * run_result.json}; the engine counts the run done only once the folder is in place.
 */
@FunctionalInterface
public interface RunElsewhere {

  /**
   * Executes run {@code run} of {@code tier}/{@code subTestId} and puts its finished folder at
   * {@code runDir}, in one step (a folder at {@code runDir} is always whole).
   *
   * <p>{@code inheritsFrom} names, for a T5 or T6 sub-test, the best sub-tests of earlier tiers its
   * workspace builds on ({@code T1/03}, in the order the engine merged them; empty for T0–T4 and
   * for a sub-test that builds on nothing): where the run executes, the same fixture gives the same
   * workspace from them.
   *
   * @return true when the folder is in place; false when the run did not finish for a reason the
   *     experiment already knows (a stop, the budget)
   * @throws InterruptedException when the experiment stops while the run is away
   * @throws RuntimeException (a {@link dev.scylla.core.ScyllaException} with its kind) when the run
   *     cannot be executed there; it ends the experiment, resumable
   */
  boolean execute(TierId tier, String subTestId, int run, List<String> inheritsFrom, Path runDir)
      throws InterruptedException;
}
