package dev.scylla.core.engine;

import dev.scylla.core.internal.results.ConfigHash;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.TierId;
import dev.scylla.core.results.Checkpoint;
import dev.scylla.core.results.CheckpointStatus;
import dev.scylla.core.results.ResultsLayout;
import dev.scylla.core.results.RunState;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.function.UnaryOperator;

/** The experiment's checkpoint: read, changed and written by one owner, so no update is lost. */
final class CheckpointStore {
  private final ResultsLayout layout;
  private final Clock clock;
  private Checkpoint current;

  private CheckpointStore(ResultsLayout layout, Clock clock, Checkpoint current) {
    this.layout = layout;
    this.clock = clock;
    this.current = current;
    current.write(layout.checkpoint());
  }

  /**
   * The checkpoint of the experiment in {@code layout}: the one found there, now running under this
   * process, or a new one.
   */
  static CheckpointStore open(
      ResultsLayout layout, ExperimentConfig config, Instant start, Clock clock) {
    long pid = ProcessHandle.current().pid();
    Checkpoint checkpoint;
    if (Files.exists(layout.checkpoint())) {
      Instant now = clock.instant();
      checkpoint =
          Checkpoint.read(layout.checkpoint())
              .withPid(pid, now)
              .withStatus(CheckpointStatus.RUNNING, now);
    } else {
      checkpoint =
          Checkpoint.start(config.experimentId(), layout.dir(), ConfigHash.of(config), start, pid);
    }
    return new CheckpointStore(layout, clock, checkpoint);
  }

  /** The checkpoint as last written. */
  synchronized Checkpoint get() {
    return current;
  }

  /** Applies {@code change} and writes the result. */
  synchronized void update(UnaryOperator<Checkpoint> change) {
    Checkpoint next = change.apply(current);
    next.write(layout.checkpoint());
    current = next;
  }

  /** Records the state of one run. */
  void recordRun(TierId tier, String subTestId, int run, RunState state) {
    update(c -> c.withRun(tier, subTestId, run, state, clock.instant()));
  }

  /** Records that one run errored with {@code kind} ({@code connection}, {@code judge}...). */
  void recordErrored(TierId tier, String subTestId, int run, String kind) {
    update(c -> c.withErroredRun(tier, subTestId, run, kind, clock.instant()));
  }

  /** Sets the experiment's status. */
  void status(CheckpointStatus status) {
    update(c -> c.withStatus(status, clock.instant()));
  }
}
