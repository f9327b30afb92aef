package dev.scylla.cli;

import dev.scylla.api.ExitCodes;
import dev.scylla.api.Experiment;
import dev.scylla.api.Job;
import dev.scylla.api.JobHandle;
import dev.scylla.api.KubernetesTarget;
import dev.scylla.api.Progress;
import dev.scylla.api.RunListener;
import dev.scylla.api.Target;
import dev.scylla.cli.internal.ProgressPrinter;
import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.engine.ExperimentStatus;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.ParseResult;

/**
 * {@code scylla run --target kubernetes}: the options checked, mapped onto {@link
 * KubernetesTarget}, and with {@code --dry-run} the first phase's objects printed as YAML (nothing
 * else on stdout); without it, the experiment executed with each run in a pod.
 */
final class KubernetesRun {

  /** Options that mean something only for a container on this machine. */
  static final List<String> CONTAINER_ONLY =
      List.of("--network", "--mount", "--env", "--pids-limit", "--rebuild", "--credentials-mode");

  private KubernetesRun() {}

  /**
   * Checks the target's options before anything else happens: a container-only option with the
   * Kubernetes target, or a Kubernetes option (and {@code --dry-run}) with the container target.
   *
   * @throws UserInputException naming the option
   */
  static void checkOptions(ParseResult parsed, KubernetesOptions options) {
    if (options.target == KubernetesOptions.Where.kubernetes) {
      for (String name : CONTAINER_ONLY) {
        if (parsed.hasMatchedOption(name)) {
          throw new UserInputException(
              name + " has no meaning with --target kubernetes: leave it out");
        }
      }
      return;
    }
    for (String name :
        List.of("--dry-run", "--kube-context", "--namespace", "--image-pull-secret", "--secret")) {
      if (parsed.hasMatchedOption(name)) {
        throw new UserInputException(name + " works only with --target kubernetes");
      }
    }
  }

  /** Runs (or with {@code --dry-run} describes) the experiment on the Kubernetes target. */
  static int run(
      Console console,
      KubernetesOptions options,
      ImageOptions image,
      ContainerOptions container,
      CredentialOptions credentials,
      Map<String, String> env,
      Supplier<String> localImage,
      Experiment experiment)
      throws InterruptedException {
    KubernetesTarget target =
        Target.kubernetes()
            .environment(env)
            .hostLogin(credentials != null && credentials.file != null);
    if (options.kubeContext != null) {
      target = target.context(options.kubeContext);
    }
    if (options.namespace != null) {
      target = target.namespace(options.namespace);
    }
    if (options.imagePullSecret != null) {
      target = target.imagePullSecret(options.imagePullSecret);
    }
    if (options.secret != null) {
      target = target.secret(options.secret);
    }
    if (container.cpus != null) {
      if (!(container.cpus >= 0.001)) {
        throw new UserInputException("--cpus must be at least 0.001, was " + container.cpus);
      }
      target = target.cpus(container.cpus);
    }
    if (container.memory != null) {
      target = target.memoryBytes(ContainerFlags.memoryBytes(container.memory));
    }
    target = target.image(image.image != null ? image.image : localImage.get());
    if (!options.dryRun) {
      return execute(console, target, experiment);
    }
    String yaml = target.describe(experiment);
    console.out().print(yaml);
    console.out().flush();
    if (image.image == null) {
      console.note(
          "The pods name the local Kubernetes variant of the runner image: push it to a registry"
              + " the cluster can pull from and give --image (docs/kubernetes.md).");
    }
    return ExitCodes.OK;
  }

  /**
   * The experiment on the cluster, with the progress, summary and exit code of a local run; Ctrl-C
   * stops it, and its pods and Secret are deleted before the command ends.
   */
  private static int execute(Console console, KubernetesTarget target, Experiment experiment)
      throws InterruptedException {
    ProgressPrinter printer =
        new ProgressPrinter(console.err(), console.terminal(), console.quiet());
    JobHandle<ExperimentOutcome> handle =
        target
            .listener(
                new RunListener() {
                  @Override
                  public void progress(Progress p) {
                    printer.accept(p);
                  }
                })
            .start(Job.experiment(experiment));
    ExperimentOutcome outcome;
    try (StopOnSignal signal = StopOnSignal.install(handle::stop)) {
      outcome = handle.await();
    }
    printer.finish();
    if (outcome.status() != ExperimentStatus.COMPLETED && !outcome.message().isBlank()) {
      console.err().println(outcome.message());
      console.err().flush();
    }
    console.print(outcome.summaryLines());
    return ExitCodes.of(outcome);
  }
}
