package dev.scylla.api;

import dev.scylla.docker.RunnerImage;
import dev.scylla.docker.UserIds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Scylla's runner image: the Dockerfile and entrypoint bundled in this jar (copied from the
 * repository's {@code docker/} at build time), and the Scylla command-line jar that runs inside.
 */
public final class ScyllaImage {

  /** Overrides the image repository (tests use their own, so they never touch the user's). */
  public static final String REPOSITORY_ENV = "SCYLLA_IMAGE_REPOSITORY";

  /** Extra PEM CA certificates to trust in the build and at run time. */
  public static final String CA_BUNDLE_ENV = "SCYLLA_CA_BUNDLE";

  private static final String CONTEXT = "/dev/scylla/api/docker/";

  private ScyllaImage() {}

  /**
   * The runner image's definition with {@code scyllaJar} inside, for the current host user, on the
   * base image of {@code SCYLLA_BASE_IMAGE} when set; more settings (base image, Claude Code
   * version, CA bundle, repository) can follow on the builder.
   *
   * @param scyllaJar the runnable Scylla jar ({@code scylla.jar}, from scylla-cli)
   * @throws InvalidInputException when that jar is not a file
   */
  public static RunnerImage.Builder builder(Path scyllaJar) {
    return builder(scyllaJar, System.getenv());
  }

  /** As {@link #builder(Path)}, with {@code env} instead of this process's environment. */
  public static RunnerImage.Builder builder(Path scyllaJar, Map<String, String> env) {
    if (!Files.isRegularFile(scyllaJar)) {
      throw new InvalidInputException(
          "the runner image needs the Scylla jar, but "
              + scyllaJar
              + " is not a file: build it with ./mvnw -B package -DskipTests (scylla-cli/target/"
              + "scylla.jar)");
    }
    RunnerImage.Builder builder =
        RunnerImage.builder()
            .dockerfile(resource(RunnerImage.CONTEXT_DOCKERFILE))
            .entrypoint(resource(RunnerImage.CONTEXT_ENTRYPOINT))
            .jar(scyllaJar)
            .baseImage(RunnerImage.baseImageFrom(env))
            .user(UserIds.current())
            .scyllaVersion(Scylla.version());
    String caBundle = env.get(CA_BUNDLE_ENV);
    if (caBundle != null && !caBundle.isBlank()) {
      builder.caBundle(Path.of(caBundle));
    }
    String repository = env.get(REPOSITORY_ENV);
    if (repository != null && !repository.isBlank()) {
      builder.repository(repository);
    }
    return builder;
  }

  private static byte[] resource(String name) {
    try (InputStream in = ScyllaImage.class.getResourceAsStream(CONTEXT + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "the scylla-api jar lacks its runner image context (" + CONTEXT + name + ")");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + CONTEXT + name + " from the jar", e);
    }
  }
}
