package dev.scylla.cli;

import dev.scylla.api.Batch;
import dev.scylla.api.BatchOutcome;
import dev.scylla.api.ContainerTarget;
import dev.scylla.api.ExitCodes;
import dev.scylla.api.Experiment;
import dev.scylla.api.Progress;
import dev.scylla.api.RunListener;
import dev.scylla.api.RunnerContainer;
import dev.scylla.api.RunnerExitException;
import dev.scylla.api.RunnerFailedException;
import dev.scylla.api.Target;
import dev.scylla.cli.internal.ProgressPrinter;
import dev.scylla.core.engine.ExperimentOutcome;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code scylla run} and {@code scylla rejudge} on the host: the options as a {@link
 * ContainerTarget}, its reports on the console, Ctrl-C as a clean stop, the summary at the end.
 */
final class HostRun {

  private final Console console;
  private final ImageOptions imageOptions;
  private final ContainerOptions containerOptions;
  private final CredentialOptions credentialOptions;
  private final Docker docker;
  private final Images.Source images;
  private final List<String> insideOptions;

  /** Released when every clean-up is done, so a Ctrl-C does not end the JVM before. */
  private final CountDownLatch cleanedUp = new CountDownLatch(1);

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
    ContainerTarget target = target(printer);
    ExperimentOutcome outcome;
    try {
      outcome = withStopHook(target, printer, () -> experiment.run(target));
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
    ContainerTarget target = target(printer);
    BatchOutcome outcome;
    try {
      outcome = withStopHook(target, printer, () -> batch.run(target));
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

  /**
   * Runs {@code scylla ARGS} in a runner container set up for {@code experiment} (its paths
   * mounted, the login staged when it needs one); the exit code of the command.
   */
  int runCommand(Experiment experiment, List<String> arguments) throws InterruptedException {
    ProgressPrinter printer = printer();
    ContainerTarget target = target(printer);
    int code = withStopHook(target, printer, () -> target.runCommand(experiment, arguments));
    return code == 143 ? ExitCodes.INTERRUPTED : code;
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

  /** What runs inside the stop hook's reach. */
  @FunctionalInterface
  private interface Work<T> {
    T call() throws InterruptedException;
  }

  /**
   * Runs {@code work} with a shutdown hook that, on SIGINT/SIGTERM, stops the container (it
   * checkpoints) and waits for the clean-up; a failure of the runner shows its last lines when
   * quiet mode hid them.
   */
  private <T> T withStopHook(ContainerTarget target, ProgressPrinter printer, Work<T> work)
      throws InterruptedException {
    Thread stopper =
        new Thread(
            () -> {
              console.err().println();
              console
                  .err()
                  .println("Stopping the experiment (checkpoint kept; run again to resume)...");
              console.err().flush();
              target.requestStop();
              try {
                cleanedUp.await(RunnerContainer.RUN_STOP_GRACE.toSeconds() + 30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "scylla-stop-container");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      return work.call();
    } catch (RunnerFailedException e) {
      showTail(e.outputTail());
      throw e;
    } finally {
      printer.finish();
      cleanedUp.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException shuttingDown) {
        // The hook runs: it waited for cleanedUp, released above.
      }
    }
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
