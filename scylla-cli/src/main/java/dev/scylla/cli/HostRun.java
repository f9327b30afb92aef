package dev.scylla.cli;

import dev.scylla.api.Batch;
import dev.scylla.api.BatchOutcome;
import dev.scylla.api.ContainerTarget;
import dev.scylla.api.ExitCodes;
import dev.scylla.api.Experiment;
import dev.scylla.api.Job;
import dev.scylla.api.JobHandle;
import dev.scylla.api.Progress;
import dev.scylla.api.RejudgeJob;
import dev.scylla.api.RejudgeOutcome;
import dev.scylla.api.RunListener;
import dev.scylla.api.RunnerExitException;
import dev.scylla.api.RunnerFailedException;
import dev.scylla.api.Target;
import dev.scylla.cli.internal.ProgressPrinter;
import dev.scylla.core.engine.ExperimentOutcome;
import java.util.List;

/**
 * {@code scylla run} and {@code scylla rejudge} on the host: the options as a {@link
 * ContainerTarget}, the job started on it, its reports on the console, Ctrl-C as a clean stop, the
 * summary at the end.
 */
final class HostRun {

  private final Console console;
  private final ImageOptions imageOptions;
  private final ContainerOptions containerOptions;
  private final CredentialOptions credentialOptions;
  private final Docker docker;
  private final Images.Source images;
  private final List<String> insideOptions;

  HostRun(
      Console console,
      ImageOptions imageOptions,
      ContainerOptions containerOptions,
      CredentialOptions credentialOptions,
      Docker docker,
      Images.Source images,
      List<String> insideOptions) {
    this.console = console;
    this.insideOptions = List.copyOf(insideOptions);
    this.imageOptions = imageOptions;
    this.containerOptions = containerOptions;
    this.credentialOptions = credentialOptions;
    this.docker = docker;
    this.images = images;
  }

  /** Runs the experiment in its container; the exit code of {@code scylla run}. */
  int run(Experiment experiment) throws InterruptedException {
    ProgressPrinter printer = printer();
    ExperimentOutcome outcome;
    try {
      outcome = await(target(printer).start(Job.experiment(experiment)), printer);
    } catch (RunnerExitException e) {
      if (!e.fromOutput()) {
        throw e;
      }
      // The Scylla inside said why on its stderr, which was shown.
      return e.exitCode();
    }
    console.print(outcome.summaryLines());
    console.note("Results: " + outcome.experimentDir());
    return ExitCodes.of(outcome);
  }

  /**
   * Runs a batch in one container; prints one line per test and the totals; the exit code of {@code
   * scylla run} for a batch ({@link BatchOutcome#exitCode()}).
   */
  int runBatch(Batch batch) throws InterruptedException {
    ProgressPrinter printer = printer();
    BatchOutcome outcome;
    try {
      outcome = await(target(printer).start(Job.batch(batch)), printer);
    } catch (RunnerExitException e) {
      if (!e.fromOutput()) {
        throw e;
      }
      return e.exitCode();
    }
    console.print(outcome.summaryLines());
    console.note("Results: " + outcome.batchDir());
    return outcome.exitCode();
  }

  /** Judges an experiment again in a runner container; the exit code of {@code scylla rejudge}. */
  int rejudge(RejudgeJob job) throws InterruptedException {
    ProgressPrinter printer = printer();
    RejudgeOutcome outcome;
    try {
      outcome = await(target(printer).start(job), printer);
    } catch (RunnerExitException e) {
      if (!e.fromOutput()) {
        throw e;
      }
      return e.exitCode();
    } catch (InterruptedException e) {
      return ExitCodes.INTERRUPTED;
    }
    console.note(outcome.describe());
    console.print(outcome.summaryLines());
    return ExitCodes.OK;
  }

  private ProgressPrinter printer() {
    return new ProgressPrinter(console.err(), console.terminal(), console.quiet());
  }

  private ContainerTarget target(ProgressPrinter printer) {
    return Target.container()
        .runtime(docker::connect)
        .image(runtime -> Images.ensure(runtime, imageOptions, console, images))
        .login(Credentials.login(credentialOptions))
        .settings(ContainerFlags.parse(containerOptions))
        .scyllaOptions(insideOptions)
        .listener(
            new RunListener() {
              @Override
              public void progress(Progress progress) {
                printer.accept(progress);
              }

              @Override
              public void output(boolean stderr, String line) {
                if (stderr || !console.quiet()) {
                  printer.line(line);
                }
              }

              @Override
              public void notice(String message) {
                printer.finish();
                console.note(message);
              }

              @Override
              public void warning(String message) {
                printer.finish();
                console.warn(message);
              }
            });
  }

  /**
   * Waits for the job with a shutdown hook that, on SIGINT/SIGTERM, stops it (the Scylla inside
   * checkpoints) and holds the exit until its clean-up is done; a failure of the runner shows its
   * last lines when quiet mode hid them.
   */
  private <T> T await(JobHandle<T> handle, ProgressPrinter printer) throws InterruptedException {
    try (StopOnSignal signal =
        StopOnSignal.install(
            () -> {
              console.err().println();
              console
                  .err()
                  .println("Stopping the experiment (checkpoint kept; run again to resume)...");
              console.err().flush();
              handle.stop();
            },
            ContainerTarget.RUN_STOP_GRACE.plusSeconds(30),
            "scylla-stop-container")) {
      return handle.await();
    } catch (RunnerFailedException e) {
      showTail(e.outputTail());
      throw withHints(e);
    } finally {
      printer.finish();
    }
  }

  /** The runner's failure with what the command line can do about it. */
  private RunnerFailedException withHints(RunnerFailedException e) {
    StringBuilder message = new StringBuilder(e.getMessage());
    if (e.exitCode() == 137) {
      message.append(" (--memory gives the container more)");
    }
    if (!insideOptions.contains("-v") && !insideOptions.contains("--verbose")) {
      message.append("; run again with -v for more of its output");
    }
    return new RunnerFailedException(message.toString(), e.exitCode(), e.outputTail());
  }

  /** A failed runner's last lines, when quiet mode did not show them as they came. */
  private void showTail(List<String> tail) {
    if (console.quiet() && !tail.isEmpty()) {
      console.err().println("last lines of the runner container's output:");
      tail.forEach(l -> console.err().println("  " + l));
      console.err().flush();
    }
  }
}
