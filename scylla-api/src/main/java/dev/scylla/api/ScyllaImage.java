package dev.scylla.api;

import dev.scylla.credentials.ContainerPaths;
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
 * repository's {@code docker/} at build time), the Scylla command-line jar that runs inside, and
 * the image's layout as the Java side needs it (paths, the user's home, where credentials are
 * mounted, the variables the image reads, the default versions). This class is the one place that
 * layout is written in Java: the libraries get it as parameters, and a test fails when the
 * Dockerfile or the entrypoint says otherwise.
 */
public final class ScyllaImage {

  /** The base image by default: Python 3.14.2 on Debian trixie (the Dockerfile's default). */
  public static final String DEFAULT_BASE_IMAGE = "python:3.14.2-slim";

  /** The Claude Code version by default (the Dockerfile's default). */
  public static final String DEFAULT_CLAUDE_VERSION = "2.1.332";

  /**
   * The environment variable that chooses another base image (e.g. on a host without a registry).
   */
  public static final String BASE_IMAGE_ENV = "SCYLLA_BASE_IMAGE";

  /** The container user's home. */
  public static final String HOME = "/home/scylla";

  /** Claude Code's configuration folder in the image: staged credentials are mounted here. */
  public static final String CLAUDE_CONFIG_DIR = HOME + "/.claude";

  /**
   * Where credentials staged in legacy mode are mounted, read-only; the entrypoint copies them into
   * {@link #CLAUDE_CONFIG_DIR}.
   */
  public static final String LEGACY_CREDENTIALS_DIR = "/tmp/host-creds";

  /** Tells the entrypoint to copy the read-only legacy mount into the config directory. */
  public static final String CREDENTIALS_MODE_ENV = "SCYLLA_CREDENTIALS_MODE";

  /**
   * The environment variable naming the Claude Code executable to run instead of {@code claude}.
   */
  public static final String CLAUDE_BIN_ENV = "SCYLLA_CLAUDE_BIN";

  /**
   * Set to {@code 1} on a run container: the Scylla inside reports progress as protocol lines and
   * leaves the summary to the host.
   */
  public static final String HOST_PROTOCOL_ENV = "SCYLLA_HOST_PROTOCOL";

  /** The runner image's id, given to a run container for the provenance. */
  public static final String IMAGE_ID_ENV = "SCYLLA_IMAGE_ID";

  /** The runner image's content hash, given to a run container for the provenance. */
  public static final String IMAGE_HASH_ENV = "SCYLLA_IMAGE_HASH";

  /** The container's network mode as the host chose it, given for the provenance. */
  public static final String NETWORK_ENV = "SCYLLA_NETWORK_MODE";

  /** The environment variable set to {@code 1} inside the runner image. */
  public static final String IN_CONTAINER_ENV = "SCYLLA_IN_CONTAINER";

  /** The marker file present inside the runner image. */
  public static final String MARKER_FILE = "/etc/scylla/runner-image";

  /** The Scylla launcher in the runner image. */
  public static final String LAUNCHER = "/usr/local/bin/scylla";

  /** The runner image's entrypoint: it seeds the config directory, then runs its arguments. */
  public static final String ENTRYPOINT = "/usr/local/bin/scylla-entrypoint";

  /** Where the Scylla jar lies in the runner image. */
  public static final String SCYLLA_JAR = "/opt/scylla/scylla.jar";

  /** The Claude Code executable in the runner image. */
  public static final String CLAUDE_BINARY = "/usr/local/bin/claude";

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
            .baseImage(baseImageFrom(env))
            .claudeVersion(DEFAULT_CLAUDE_VERSION)
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

  /** The base image {@code env} asks for: {@value #BASE_IMAGE_ENV} if set, else the default. */
  public static String baseImageFrom(Map<String, String> env) {
    String value = env.get(BASE_IMAGE_ENV);
    return value == null || value.isBlank() ? DEFAULT_BASE_IMAGE : value.strip();
  }

  /**
   * The Claude Code executable {@code env} names ({@value #CLAUDE_BIN_ENV}), else {@code claude}.
   */
  public static String claudeBinaryFrom(Map<String, String> env) {
    return env.getOrDefault(CLAUDE_BIN_ENV, "claude");
  }

  /** Whether this process runs inside the runner image (the variable and the marker file). */
  public static boolean runningInside() {
    return "1".equals(System.getenv(IN_CONTAINER_ENV)) && Files.isRegularFile(Path.of(MARKER_FILE));
  }

  /**
   * Where the Claude configuration goes in the runner image, for the staging of credentials: the
   * config folder (staged mode) and the legacy mount.
   */
  public static ContainerPaths credentialPaths() {
    return new ContainerPaths(CLAUDE_CONFIG_DIR, LEGACY_CREDENTIALS_DIR);
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

  /**
   * The Python version inside the image {@code tag} ({@code python3 --version} in a short-lived
   * container with nothing mounted), or {@code unknown} with the reason.
   */
  public static String pythonVersion(dev.scylla.docker.ContainerRuntime runtime, String tag) {
    java.util.List<String> lines =
        java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    dev.scylla.docker.ContainerSpec spec =
        dev.scylla.api.internal.RunnerContainer.forProbe(
                new dev.scylla.docker.ImageRef(tag, "", "", false),
                "doctor",
                java.util.List.of("python3", "--version"))
            .build();
    try (dev.scylla.docker.ContainerHandle handle =
        runtime.run(spec, (stream, line) -> lines.add(line.strip()))) {
      int code = handle.waitFor(java.time.Duration.ofSeconds(60));
      String first = lines.stream().filter(l -> l.startsWith("Python ")).findFirst().orElse("");
      return code == 0 && !first.isEmpty() ? first.substring("Python ".length()) : "unknown";
    } catch (dev.scylla.docker.DockerException e) {
      return "unknown (" + e.getMessage().lines().findFirst().orElse("") + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
