package dev.scylla.cli;

import dev.scylla.api.ExitCodes;
import dev.scylla.docker.ContainerRuntime;
import dev.scylla.docker.ImageInfo;
import dev.scylla.docker.ImageRef;
import dev.scylla.docker.ImageStatus;
import dev.scylla.docker.RunnerImage;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scylla image build|status|rm}: the runner image for this Scylla and this user. */
@Command(
    mixinStandardHelpOptions = true,
    name = "image",
    description = "Build, inspect or remove the runner image.",
    subcommands = {ImageCommand.Build.class, ImageCommand.Status.class, ImageCommand.Remove.class})
final class ImageCommand {

  private ImageCommand() {}

  private abstract static class Base implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin GlobalOptions global;

    @Mixin ImageOptions image;

    @Option(
        names = "--target",
        paramLabel = "TARGET",
        description =
            "container (default: the image for this host user) or kubernetes (the variant for"
                + " the pods' fixed non-root user, docs/kubernetes.md).",
        defaultValue = "container")
    KubernetesOptions.Where target = KubernetesOptions.Where.container;

    final Docker docker;

    Base(Docker docker) {
      this.docker = docker;
    }

    RunnerImage runnerImage() {
      return target == KubernetesOptions.Where.kubernetes
          ? Images.kubernetesImage(image, Images.Source.system())
          : Images.runnerImage(image);
    }
  }

  /** {@code scylla image build}. */
  @Command(
      mixinStandardHelpOptions = true,
      name = "build",
      description = "Build the runner image (only when stale, unless --rebuild).")
  static final class Build extends Base {
    Build() {
      super(Docker.system());
    }

    @Override
    public Integer call() {
      Console console = Console.of(spec, global);
      if (target == KubernetesOptions.Where.kubernetes && image.image != null) {
        throw new UserInputException(
            "--image names an image to use, not one to build: leave it out with --target"
                + " kubernetes");
      }
      try (ContainerRuntime runtime = docker.connect()) {
        ImageRef ref =
            target == KubernetesOptions.Where.kubernetes
                ? Images.ensureBuilt(runtime, runnerImage(), image.rebuild, console)
                : Images.ensure(runtime, image, console);
        console.out().println(ref.tag() + (ref.built() ? " (built)" : " (current, not rebuilt)"));
        console.out().flush();
      }
      return ExitCodes.OK;
    }
  }

  /** {@code scylla image status}. */
  @Command(
      mixinStandardHelpOptions = true,
      name = "status",
      description = "Show the runner image: tag, hash, size, current or not.")
  static final class Status extends Base {
    Status() {
      super(Docker.system());
    }

    @Override
    public Integer call() {
      Console console = Console.of(spec, global);
      RunnerImage runner = runnerImage();
      try (ContainerRuntime runtime = docker.connect()) {
        ImageStatus status = runner.status(runtime);
        console.out().println("Tag:     " + status.tag());
        console.out().println("Hash:    " + status.hash());
        if (status.current().isPresent()) {
          ImageInfo info = status.current().get();
          console
              .out()
              .println("Current: yes (" + info.id() + ", " + megabytes(info.sizeBytes()) + ")");
        } else {
          console
              .out()
              .println("Current: no (built at the next `scylla run`, or `scylla image build`)");
        }
        for (ImageInfo stale : status.stale()) {
          console
              .out()
              .println(
                  "Stale:   "
                      + String.join(", ", stale.tags())
                      + " ("
                      + megabytes(stale.sizeBytes())
                      + ")");
        }
        console.out().flush();
      }
      return ExitCodes.OK;
    }
  }

  /** {@code scylla image rm [--stale]}. */
  @Command(
      mixinStandardHelpOptions = true,
      name = "rm",
      description = {
        "Remove your runner images (those built for your UID; other users' are left alone).",
        "With --stale, only the outdated ones: the current image stays."
      })
  static final class Remove extends Base {
    @Option(
        names = "--stale",
        description = "Remove only your stale runner images, keeping the current one.")
    boolean stale;

    Remove() {
      super(Docker.system());
    }

    @Override
    public Integer call() {
      Console console = Console.of(spec, global);
      try (ContainerRuntime runtime = docker.connect()) {
        RunnerImage runner = runnerImage();
        int removed = stale ? runner.removeStale(runtime) : runner.remove(runtime);
        console
            .out()
            .println(
                "Removed "
                    + removed
                    + (stale ? " stale" : "")
                    + (removed == 1 ? " image" : " images"));
        console.out().flush();
      }
      return ExitCodes.OK;
    }
  }

  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
  }
}
