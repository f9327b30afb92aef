package dev.scylla.cli;

import dev.scylla.api.ImageSource;
import dev.scylla.api.ScyllaImage;
import dev.scylla.docker.BuildListener;
import dev.scylla.docker.ContainerRuntime;
import dev.scylla.docker.ImageBuildException;
import dev.scylla.docker.ImageRef;
import dev.scylla.docker.RunnerImage;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The runner image for this Scylla: its context bundled in the jar, the jar itself, the options.
 */
final class Images {

  /** Overrides the image repository (tests use their own, so they never touch the user's). */
  static final String REPOSITORY_ENV = ScyllaImage.REPOSITORY_ENV;

  /** A CA bundle to trust when {@code --ca-bundle} is not given. */
  static final String CA_BUNDLE_ENV = ScyllaImage.CA_BUNDLE_ENV;

  private Images() {}

  /**
   * Where the image's inputs outside the options come from: the environment ({@link
   * #REPOSITORY_ENV}, {@link #CA_BUNDLE_ENV}) and the Scylla jar; tests pass their own.
   */
  record Source(Map<String, String> env, Supplier<Path> jar) {
    Source {
      env = Map.copyOf(env);
      Objects.requireNonNull(jar, "jar");
    }

    /** This process's environment and the jar it runs from. */
    static Source system() {
      return new Source(System.getenv(), Images::runningJar);
    }
  }

  /**
   * The runner image the options describe, from this process's environment and jar, for this host
   * user (the container runs with its ids).
   */
  static RunnerImage runnerImage(ImageOptions options) {
    return runnerImage(options, Source.system());
  }

  /** The runner image the options describe, with the environment and jar of {@code source}. */
  static RunnerImage runnerImage(ImageOptions options, Source source) {
    return configured(ScyllaImage.builder(source.jar().get(), source.env()), options);
  }

  /**
   * The Kubernetes variant of the runner image the options describe: built for the pods' fixed
   * non-root user instead of this host user.
   */
  static RunnerImage kubernetesImage(ImageOptions options, Source source) {
    return configured(
        dev.scylla.api.KubernetesTarget.imageBuilder(source.jar().get(), source.env()), options);
  }

  private static RunnerImage configured(RunnerImage.Builder builder, ImageOptions options) {
    builder.claudeVersion(options.claudeVersion);
    if (options.baseImage != null && !options.baseImage.isBlank()) {
      builder.baseImage(options.baseImage);
    }
    if (options.caBundle != null) {
      builder.caBundle(options.caBundle);
    }
    return builder.build();
  }

  /**
   * The image to run: {@code --image} as given (it must exist), else the runner image, built when
   * missing, stale or {@code --rebuild} is given, with progress on the console.
   */
  static ImageRef ensure(ContainerRuntime runtime, ImageOptions options, Console console) {
    return ensure(runtime, options, console, Source.system());
  }

  /** As {@link #ensure(ContainerRuntime, ImageOptions, Console)}, from {@code source}. */
  static ImageRef ensure(
      ContainerRuntime runtime, ImageOptions options, Console console, Source source) {
    if (options.image != null) {
      return ImageSource.existing(options.image).resolve(runtime);
    }
    return ensureBuilt(runtime, runnerImage(options, source), options.rebuild, console);
  }

  /** {@code image}, built when missing, stale or {@code rebuild}, with progress on the console. */
  static ImageRef ensureBuilt(
      ContainerRuntime runtime, RunnerImage image, boolean rebuild, Console console) {
    boolean live = console.terminal() && !console.verbose() && !console.quiet();
    BuildListener progress = progress(console, image.tag(), live);
    ImageRef ref;
    try {
      ref = rebuild ? image.rebuild(runtime, progress) : image.ensure(runtime, progress);
    } catch (ImageBuildException e) {
      if (live) {
        console.err().print("\r\033[2K");
      }
      throw explained(e, console);
    } finally {
      if (live) {
        console.err().print("\r\033[2K");
        console.err().flush();
      }
    }
    return ref;
  }

  /**
   * A failed build as the user should see it: the last lines of its log on the console (unless -v
   * showed them all already), then one line with the error and, for a TLS failure, the fix.
   */
  static ImageBuildException explained(ImageBuildException e, Console console) {
    List<String> tail = e.logTail();
    if (!console.verbose() && !tail.isEmpty()) {
      console.err().println("last lines of the build log:");
      tail.forEach(line -> console.err().println("  " + line));
      console.err().flush();
    }
    String message = e.getMessage().lines().findFirst().orElse("the runner image build failed");
    if (isTlsFailure(tail) || isTlsFailure(List.of(message))) {
      message +=
          " -- a TLS certificate was not trusted (a TLS-intercepting proxy?): pass its CA"
              + " certificates with --ca-bundle FILE or set "
              + CA_BUNDLE_ENV
              + "=FILE";
    }
    return new ImageBuildException(message, tail, e);
  }

  /** Whether build log lines show a certificate the build did not trust. */
  static boolean isTlsFailure(List<String> lines) {
    for (String line : lines) {
      String l = line.toLowerCase(java.util.Locale.ROOT);
      if (l.contains("self_signed_cert_in_chain")
          || l.contains("self-signed certificate in certificate chain")
          || l.contains("unable to get local issuer certificate")
          || l.contains("unable_to_get_issuer_cert_locally")
          || l.contains("certificate verify failed")
          || l.contains("certificate verification failed")) {
        return true;
      }
    }
    return false;
  }

  /** Build progress: one line per step, redrawn in place on a terminal; every log line with -v. */
  static BuildListener progress(Console console, String tag, boolean live) {
    return new BuildListener() {
      @Override
      public void onLine(String line) {
        if (console.verbose()) {
          console.err().println("  " + line);
          console.err().flush();
        }
      }

      @Override
      public void onStep(int step, int totalSteps, String instruction) {
        String shortened =
            instruction.length() > 80 ? instruction.substring(0, 77) + "..." : instruction;
        String text =
            "Building runner image " + tag + ": step " + step + "/" + totalSteps + " " + shortened;
        if (live) {
          console.err().print("\r\033[2K" + text);
          console.err().flush();
        } else {
          console.note(text);
        }
      }
    };
  }

  /** The jar this Scylla runs from: it goes into the image. */
  static Path runningJar() {
    try {
      Path path =
          Path.of(ScyllaCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar")) {
        return path;
      }
      throw new UserInputException(
          "the runner image is built from the Scylla jar, but Scylla runs from "
              + path
              + ": start it with ./scylla or java -jar scylla.jar");
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the Scylla jar", e);
    }
  }
}
