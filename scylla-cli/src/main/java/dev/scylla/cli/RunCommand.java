package dev.scylla.cli;

import dev.scylla.api.Batch;
import dev.scylla.api.ScyllaImage;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code scylla run}: on the host, runs the experiment in one runner container (building the image
 * when missing or stale); inside the runner image, runs it directly with the engine.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "run",
    sortOptions = false,
    description = {
      "Run an experiment inside the runner container.",
      "On the host: validate the fixture, ensure the runner image, stage the Claude login, run one"
          + " container for the whole experiment, write back a refreshed token, print the"
          + " summary."
    },
    exitCodeListHeading = "%nExit codes:%n")
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin GlobalOptions global;

  @Mixin ExperimentOptions experiment;

  @Mixin BatchOptions batch;

  @Mixin ImageOptions image;

  @Mixin ContainerOptions container;

  @Mixin CredentialOptions credentials;

  @Mixin KubernetesOptions kubernetes;

  private final Docker docker;
  private final Images.Source images;

  RunCommand() {
    this(Docker.system(), Images.Source.system());
  }

  RunCommand(Docker docker, Images.Source images) {
    this.docker = docker;
    this.images = images;
  }

  @Override
  public Integer call() throws Exception {
    Console console = Console.of(spec, global);
    KubernetesRun.checkOptions(spec.commandLine().getParseResult(), kubernetes);
    if (kubernetes.target == KubernetesOptions.Where.kubernetes) {
      if (Batches.isBatch(experiment, batch)) {
        throw new UserInputException(
            "several tests run as one batch in a container only: run each test with --target"
                + " kubernetes on its own");
      }
      return KubernetesRun.run(
          console,
          kubernetes,
          image,
          container,
          credentials,
          images.env(),
          () -> Images.kubernetesImage(image, images).tag(),
          Experiments.from(experiment));
    }
    if (Batches.isBatch(experiment, batch)) {
      Batch b = Batches.from(experiment, batch);
      if (ScyllaImage.runningInside()) {
        return new InsideRun(console).batch(b);
      }
      return new HostRun(
              console, image, container, credentials, docker, images, global.asArguments())
          .runBatch(b);
    }
    if (ScyllaImage.runningInside()) {
      return new InsideRun(console).experiment(Experiments.from(experiment));
    }
    return new HostRun(console, image, container, credentials, docker, images, global.asArguments())
        .run(Experiments.from(experiment));
  }
}
