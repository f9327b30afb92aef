package dev.scylla.cli;

import dev.scylla.api.ExitCodes;
import dev.scylla.api.KubernetesTarget;
import dev.scylla.api.Target;
import dev.scylla.credentials.CredentialStager;
import dev.scylla.credentials.StagingSweeper;
import dev.scylla.docker.ContainerInfo;
import dev.scylla.docker.ContainerRuntime;
import dev.scylla.docker.OrphanSweeper;
import dev.scylla.docker.ScyllaLabels;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scylla clean}: removes what killed Scylla processes left behind — their containers and
 * credentials staging — never a shell that still exists.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "clean",
    description = {
      "Remove containers and credentials staging left by Scylla processes that were killed.",
      "With --target kubernetes: the pods and Secrets Scylla labelled in the namespace.",
      "Shells that exist (running or stopped) are never touched: remove them with scylla shell --rm."
    })
final class CleanCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin GlobalOptions global;

  @Option(
      names = "--target",
      description = "container (default): this machine's Docker; kubernetes: a cluster's namespace")
  KubernetesOptions.Where target = KubernetesOptions.Where.container;

  @Option(
      names = "--kube-context",
      description = "With --target kubernetes: the kubeconfig context")
  String kubeContext;

  @Option(names = "--namespace", description = "With --target kubernetes: the namespace (default)")
  String namespace;

  @Option(
      names = "--experiment",
      description = "With --target kubernetes: only this experiment's pods and Secret")
  String experimentId;

  private final Docker docker;

  CleanCommand() {
    this(Docker.system());
  }

  CleanCommand(Docker docker) {
    this.docker = docker;
  }

  @Override
  public Integer call() {
    Console console = Console.of(spec, global);
    if (target == KubernetesOptions.Where.kubernetes) {
      KubernetesTarget cluster = Target.kubernetes();
      if (kubeContext != null) {
        cluster = cluster.context(kubeContext);
      }
      if (namespace != null) {
        cluster = cluster.namespace(namespace);
      }
      int removed = cluster.clean(experimentId);
      console.out().println("Pods and Secrets removed: " + removed);
      console.out().flush();
      return ExitCodes.OK;
    }
    if (kubeContext != null || namespace != null || experimentId != null) {
      throw new UserInputException(
          "--kube-context, --namespace and --experiment work only with --target kubernetes");
    }
    CredentialStager stager = CredentialStager.forLookup(Credentials.lookup(null));
    StagingSweeper sweeper = stager.sweeper();
    try (ContainerRuntime runtime = docker.connect()) {
      List<String> containers = new OrphanSweeper(runtime).sweep();
      Set<String> shells =
          runtime.findContainers(ScyllaLabels.managed(ScyllaLabels.Kind.SHELL)).stream()
              .map(ContainerInfo::name)
              .collect(Collectors.toSet());
      StagingSweeper.Report runs = sweeper.sweep(Set.of());
      StagingSweeper.Report shellStaging = sweeper.sweepShells(shells);
      console.out().println("Containers removed: " + containers.size() + format(containers));
      console.out().println("Run staging removed: " + runs.removed().size());
      console
          .out()
          .println(
              "Shell staging removed: "
                  + shellStaging.removed().size()
                  + " (kept for "
                  + shells.size()
                  + " existing shell"
                  + (shells.size() == 1 ? "" : "s")
                  + ")");
      for (String failure : runs.failures()) {
        console.warn("could not remove " + failure);
      }
      for (String failure : shellStaging.failures()) {
        console.warn("could not remove " + failure);
      }
      console.out().flush();
    }
    return ExitCodes.OK;
  }

  private static String format(List<String> names) {
    return names.isEmpty() ? "" : " " + names;
  }
}
