package dev.scylla.cli;

import dev.scylla.api.Batch;
import dev.scylla.api.BatchOutcome;
import dev.scylla.api.ExitCodes;
import dev.scylla.api.InProcessTarget;
import dev.scylla.api.Progress;
import dev.scylla.api.RunListener;
import dev.scylla.api.RunnerContainer;
import dev.scylla.api.Target;
import dev.scylla.cli.internal.ProgressPrinter;
import dev.scylla.core.engine.ConfigChangedException;
import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.engine.ExperimentStatus;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code scylla run} inside the runner image: runs the experiment in-process, guarding the staged
 * credentials after every agent call; on SIGINT/SIGTERM it stops cleanly with a checkpoint.
 */
final class InsideRun implements Callable<Integer> {

  private final Console console;
  private final ExperimentOptions options;
  private final Map<String, String> env;

  InsideRun(Console console, ExperimentOptions options) {
    this(console, options, System.getenv());
  }

  InsideRun(Console console, ExperimentOptions options, Map<String, String> env) {
    this.console = console;
    this.options = options;
    this.env = Map.copyOf(env);
  }

  /**
   * Runs a batch in-process; prints its per-test lines and totals (unless the host does); the
   * batch's exit code.
   */
  Integer callBatch(Batch batch) throws InterruptedException {
    boolean hostProtocol = "1".equals(env.get(RunnerContainer.HOST_PROTOCOL_ENV));
    ProgressPrinter printer =
        hostProtocol
            ? null
            : new ProgressPrinter(console.err(), console.terminal(), console.quiet());
    InProcessTarget target = target(hostProtocol, printer);
    BatchOutcome outcome;
    try (StopOnSignal signal = StopOnSignal.install(target::requestStop)) {
      outcome = batch.run(target);
    } catch (ConfigChangedException e) {
      throw new UserInputException(
          e.getMessage() + " (--fresh starts a new batch, --batch-id names another)", e);
    }
    if (printer != null) {
      printer.finish();
    }
    if (!hostProtocol) {
      console.print(outcome.summaryLines());
      console.note("Results: " + outcome.batchDir());
    }
    return outcome.exitCode();
  }

  private InProcessTarget target(boolean hostProtocol, ProgressPrinter printer) {
    RunListener listener =
        new RunListener() {
          @Override
          public void progress(Progress p) {
            if (hostProtocol) {
              console.out().println(p.toLine());
              console.out().flush();
            } else {
              printer.accept(p);
            }
          }
        };
    return Target.inProcess().environment(env).listener(listener);
  }

  @Override
  public Integer call() throws InterruptedException {
    boolean hostProtocol = "1".equals(env.get(RunnerContainer.HOST_PROTOCOL_ENV));
    ProgressPrinter printer =
        hostProtocol
            ? null
            : new ProgressPrinter(console.err(), console.terminal(), console.quiet());
    InProcessTarget target = target(hostProtocol, printer);
    ExperimentOutcome outcome;
    // SIGINT/SIGTERM: stop starting work, let the engine write its checkpoint, then exit.
    try (StopOnSignal signal = StopOnSignal.install(target::requestStop)) {
      outcome = Experiments.from(options).run(target);
    }

    if (printer != null) {
      printer.finish();
    }
    if (outcome.status() != ExperimentStatus.COMPLETED && !outcome.message().isBlank()) {
      console
          .err()
          .println(
              outcome.status() == ExperimentStatus.API_UNREACHABLE
                  ? outcome.message() + " (--max-outage SECONDS waits longer)"
                  : outcome.message());
      console.err().flush();
    }
    if (!hostProtocol) {
      console.print(outcome.summaryLines());
    }
    return ExitCodes.of(outcome);
  }
}
