package dev.scylla.cli;

import dev.scylla.api.ExitCodes;
import dev.scylla.api.PodRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scylla pod-run JOB}: the command of a run's pod on a Kubernetes cluster (not for people,
 * so hidden): runs the one run its job document describes, then waits until its results were
 * collected. Exit 0 when the run has a result, 1 when it did not finish.
 */
@Command(
    name = "pod-run",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Run the one run of a pod's job document (the Kubernetes target's pods).")
final class PodRunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin GlobalOptions global;

  @Parameters(index = "0", paramLabel = "JOB", description = "The job document (job.json).")
  Path job;

  @Override
  public Integer call() throws InterruptedException {
    Console console = Console.of(spec, global);
    PodRun run = PodRun.fromFile(job);
    PodRun.Outcome outcome;
    try (StopOnSignal signal =
        StopOnSignal.install(run::requestStop, StopOnSignal.DEFAULT_GRACE, "scylla-stop-pod-run")) {
      outcome = run.run();
    }
    console.out().println(outcome.message());
    console.out().flush();
    return outcome.finished() ? ExitCodes.OK : ExitCodes.RUNS_ERRORED;
  }
}
