package dev.scylla.cli;

import dev.scylla.api.Jobs;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scylla job FILE}: the command of a runner container (not for people, so hidden): runs the
 * job whose document the container target mounted (an experiment, a batch or a re-judging) in this
 * JVM, with the exit codes of the command the job stands for.
 */
@Command(
    name = "job",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Run the job of a job document in this JVM (the runner container's command).")
final class JobCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin GlobalOptions global;

  @Parameters(index = "0", paramLabel = "FILE", description = "The job document.")
  Path file;

  @Override
  public Integer call() throws InterruptedException {
    return new InsideRun(Console.of(spec, global)).run(Jobs.read(file));
  }
}
