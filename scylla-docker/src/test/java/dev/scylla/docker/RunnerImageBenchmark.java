package dev.scylla.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints the runner image's figures: its size and size over the base, the staleness check, a
 * rebuild after a jar-only change against a fresh build, and the host time from {@code ensure()} to
 * a started container against a bare {@code docker run --rm IMAGE true}.
 *
 * <p>Arguments: {@code [--fresh] DOCKER_DIR JAR}. Without {@code --fresh} the fresh build (minutes,
 * ~400 MB of downloads) is skipped. An extra CA bundle comes from {@code SCYLLA_CA_BUNDLE}.
 */
public final class RunnerImageBenchmark {

  /** The Claude Code version the Dockerfile installs by default (scylla-api's ScyllaImage). */
  private static final String CLAUDE_VERSION = "2.1.332";

  private RunnerImageBenchmark() {}

  /** The base image: {@code SCYLLA_BASE_IMAGE}, else the Dockerfile's default. */
  private static String baseImage() {
    String base = System.getenv("SCYLLA_BASE_IMAGE");
    return base == null || base.isBlank() ? "python:3.14.2-slim" : base.strip();
  }

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(List.of(args));
    boolean fresh = rest.remove("--fresh");
    if (rest.size() != 2) {
      System.err.println("usage: RunnerImageBenchmark [--fresh] DOCKER_DIR JAR");
      System.exit(2);
    }
    Path dockerDir = Path.of(rest.get(0));
    Path jar = Path.of(rest.get(1));
    String ca = System.getenv("SCYLLA_CA_BUNDLE");
    Path caBundle = ca == null || ca.isBlank() ? null : Path.of(ca);
    Path work = Files.createTempDirectory("scylla-benchmark-");
    String repository = "scylla-benchmark";

    try (ContainerRuntime docker = ContainerRuntime.docker()) {
      RunnerImage image = image(dockerDir, jar, caBundle, repository);
      long t0 = System.nanoTime();
      ImageRef ref = image.ensure(docker, BuildListener.ignore());
      print("first ensure() (%s)", ref.built() ? "built, layer cache used" : "present", t0);

      ImageInfo info = docker.inspectImage(ref.tag()).orElseThrow();
      long base =
          docker
              .inspectImage(image.buildArgs().get(RunnerImage.ARG_BASE_IMAGE))
              .map(ImageInfo::sizeBytes)
              .orElse(0L);
      System.out.printf(
          Locale.ROOT,
          "image size                          %8.1f MB (%s)%n",
          info.sizeBytes() / 1e6,
          ref.tag());
      System.out.printf(
          Locale.ROOT,
          "size over the base image            %8.1f MB (%.3f GB, %.3f GiB)%n",
          (info.sizeBytes() - base) / 1e6,
          (info.sizeBytes() - base) / 1e9,
          (info.sizeBytes() - base) / (double) (1L << 30));

      int checks = 10;
      long total = 0;
      for (int i = 0; i < checks; i++) {
        long start = System.nanoTime();
        ImageRef again =
            image(dockerDir, jar, caBundle, repository).ensure(docker, BuildListener.ignore());
        total += System.nanoTime() - start;
        if (again.built()) {
          throw new IllegalStateException("an unchanged setup was built again");
        }
      }
      System.out.printf(
          Locale.ROOT,
          "staleness check (hash + 1 lookup)   %8.1f ms (mean of %d)%n",
          total / 1e6 / checks,
          checks);

      Path changedJar = work.resolve("scylla.jar");
      Files.copy(jar, changedJar);
      Files.writeString(changedJar, "\n", StandardOpenOption.APPEND);
      long t1 = System.nanoTime();
      ImageRef rebuilt =
          image(dockerDir, changedJar, caBundle, repository).ensure(docker, BuildListener.ignore());
      print("rebuild after a jar-only change (built: %s)", Boolean.toString(rebuilt.built()), t1);

      if (fresh) {
        long t2 = System.nanoTime();
        image(dockerDir, changedJar, caBundle, repository)
            .rebuild(docker, BuildListener.ignore(), true);
        print("fresh build (no layer cache)%s", "", t2);
      } else {
        System.out.println("fresh build (no layer cache)        skipped: pass --fresh (minutes)");
      }

      long t3 = System.nanoTime();
      ImageRef current =
          image(dockerDir, jar, caBundle, repository).ensure(docker, BuildListener.ignore());
      ContainerSpec spec =
          ContainerSpec.builder(current.tag())
              .command("true")
              .labels(ScyllaLabels.forContainer(ScyllaLabels.Kind.RUN, "benchmark", null))
              .build();
      try (ContainerHandle handle = docker.run(spec, OutputListener.ignore())) {
        print("ensure() to a started container%s", "", t3);
        handle.waitFor(Duration.ofMinutes(1));
        print("ensure() to its exit%s", "", t3);
      }
      long t4 = System.nanoTime();
      Process bare =
          new ProcessBuilder("docker", "run", "--rm", current.tag(), "true").inheritIO().start();
      bare.waitFor();
      print("bare `docker run --rm IMAGE true`%s", "", t4);
    } finally {
      try (ContainerRuntime docker = ContainerRuntime.docker()) {
        image(dockerDir, jar, caBundle, repository).remove(docker);
      }
      Files.walk(work)
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(p -> p.toFile().delete());
    }
  }

  private static RunnerImage image(Path dockerDir, Path jar, Path caBundle, String repository)
      throws IOException {
    return RunnerImage.builder()
        .contextFrom(dockerDir)
        .jar(jar)
        .caBundle(caBundle)
        .baseImage(baseImage())
        .claudeVersion(CLAUDE_VERSION)
        .repository(repository)
        .scyllaVersion("benchmark")
        .build();
  }

  private static void print(String what, String detail, long startNanos) {
    String label = String.format(Locale.ROOT, what, detail);
    System.out.printf(
        Locale.ROOT, "%-36s%8.1f ms%n", label, (System.nanoTime() - startNanos) / 1e6);
  }
}
