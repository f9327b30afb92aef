package dev.scylla.cli;

import dev.scylla.api.Batch;
import dev.scylla.api.BatchOutcome;
import dev.scylla.api.ExitCodes;
import dev.scylla.api.Experiment;
import dev.scylla.api.InProcessTarget;
import dev.scylla.api.Job;
import dev.scylla.api.JobHandle;
import dev.scylla.api.Progress;
import dev.scylla.api.RejudgeJob;
import dev.scylla.api.RejudgeOutcome;
import dev.scylla.api.RunListener;
import dev.scylla.api.ScyllaImage;
import dev.scylla.api.Target;
import dev.scylla.cli.internal.ProgressPrinter;
import dev.scylla.core.engine.ConfigChangedException;
import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.engine.ExperimentStatus;
import java.util.Map;

/**
 * A job run in this JVM, as the Scylla inside the runner image runs it: an experiment, a batch or a
 * re-judging on the in-process target, its progress as protocol lines when the host reads them
 * (else on the console), SIGINT/SIGTERM as a clean stop with a checkpoint.
 */
final class InsideRun {

  private final Console console;
  private final Map<String, String> env;
  private final boolean hostProtocol;

  InsideRun(Console console) {
    this(console, System.getenv());
  }

  InsideRun(Console console, Map<String, String> env) {
    this.console = console;
    this.env = Map.copyOf(env);
    this.hostProtocol = "1".equals(env.get(ScyllaImage.HOST_PROTOCOL_ENV));
  }

  /** Runs any job that crosses into a container; the exit code of its command. */
  int run(Job<?> job) throws InterruptedException {
    if (job instanceof dev.scylla.api.ExperimentJob e) {
      return experiment(e.experiment());
    }
    if (job instanceof dev.scylla.api.BatchJob b) {
      return batch(b.batch());
    }
    return rejudge((RejudgeJob) job);
  }

  /** Runs an experiment; prints its summary (unless the host does); its exit code. */
  int experiment(Experiment experiment) throws InterruptedException {
    ProgressPrinter printer = printer();
    ExperimentOutcome outcome = await(target(printer).start(Job.experiment(experiment)));
    finish(printer);
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

  /**
   * Runs a batch; prints its per-test lines and totals (unless the host does); the batch's exit
   * code.
   */
  int batch(Batch batch) throws InterruptedException {
    ProgressPrinter printer = printer();
    BatchOutcome outcome;
    try {
      outcome = await(target(printer).start(Job.batch(batch)));
    } catch (ConfigChangedException e) {
      throw new UserInputException(
          e.getMessage() + " (--fresh starts a new batch, --batch-id names another)", e);
    }
    finish(printer);
    if (!hostProtocol) {
      console.print(outcome.summaryLines());
      console.note("Results: " + outcome.batchDir());
    }
    return outcome.exitCode();
  }

  /** Judges an experiment again; prints what it did and the summary (unless the host does). */
  int rejudge(RejudgeJob job) throws InterruptedException {
    ProgressPrinter printer = printer();
    RejudgeOutcome outcome;
    try {
      outcome = await(target(printer).start(job));
    } catch (dev.scylla.core.engine.Rejudge.LoginFailedException e) {
      finish(printer);
      console.err().println("scylla: " + e.getMessage());
      console.err().flush();
      return ExitCodes.CREDENTIALS;
    }
    finish(printer);
    if (!hostProtocol) {
      console.note(outcome.describe());
      console.print(outcome.summaryLines());
    }
    return ExitCodes.OK;
  }

  /** Waits for the job; SIGINT/SIGTERM stops it cleanly and the exit waits for its checkpoint. */
  private static <R> R await(JobHandle<R> handle) throws InterruptedException {
    try (StopOnSignal signal = StopOnSignal.install(handle::stop)) {
      return handle.await();
    }
  }

  private ProgressPrinter printer() {
    return hostProtocol
        ? null
        : new ProgressPrinter(console.err(), console.terminal(), console.quiet());
  }

  private static void finish(ProgressPrinter printer) {
    if (printer != null) {
      printer.finish();
    }
  }

  private InProcessTarget target(ProgressPrinter printer) {
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
}
