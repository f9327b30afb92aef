package dev.scylla.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PodFiles} against a real container on the Docker engine: the same tar streams the
 * coordinator sends through a pod's {@code exec}, here through {@code docker exec -i} into a
 * container of the base image running as the pods' user 10001, with the image's own {@code sh} and
 * {@code tar}. Proves the bytes, names, modes and links that travel in and out, and that a copy out
 * lands whole or not at all; it does not prove the API server's exec channel (only fabric8's code,
 * not run here, carries it on a cluster).
 */
class PodFilesOnDockerIT {

  private static String container;

  @TempDir Path dir;

  @BeforeAll
  static void startContainer() throws Exception {
    String image = System.getenv().getOrDefault("SCYLLA_BASE_IMAGE", "debian:trixie-slim");
    Result version = docker(null, "version", "--format", "{{.Server.Version}}");
    if (version.code != 0) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("no Docker engine: " + version.out);
      }
      Assumptions.abort("no Docker engine reachable: " + version.out.strip());
    }
    Result run =
        docker(
            null,
            "run",
            "-d",
            "--label",
            "dev.scylla.test=PodFilesOnDockerIT",
            "--user",
            "10001:10001",
            "--cap-drop",
            "ALL",
            "--security-opt",
            "no-new-privileges",
            image,
            "sleep",
            "300");
    assertThat(run.code).as(run.out).isZero();
    container = run.out.strip();
  }

  @AfterAll
  static void removeContainer() throws Exception {
    if (container != null) {
      docker(null, "rm", "-f", container);
    }
  }

  /** {@code docker exec -i}: the container's own programs, standard input and output as streams. */
  private static final PodExec EXEC =
      (pod, command, stdin, stdout) -> {
        List<String> args = new ArrayList<>(List.of("docker", "exec", "-i", container));
        args.addAll(command);
        try {
          Process p =
              new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
          Thread feeder =
              new Thread(
                  () -> {
                    try (OutputStream in = p.getOutputStream()) {
                      if (stdin != null) {
                        stdin.transferTo(in);
                      }
                    } catch (IOException e) {
                      // The command ended first; its exit code tells.
                    }
                  });
          feeder.start();
          p.getInputStream().transferTo(stdout);
          int code = p.waitFor();
          feeder.join();
          return code;
        } catch (IOException e) {
          throw new ClusterException(ClusterException.Problem.TRANSIENT, e.getMessage(), e);
        }
      };

  @Test
  void uploadThenDownload_everyByteNameModeAndLinkCrossesBothWays() throws Exception {
    Path tree = sampleTree(dir.resolve("fixture"));
    PodFiles files = new PodFiles(EXEC);

    files.upload("pod", tree, "/tmp/scylla/in/home/me/fixture");

    // Inside the container, with its own tools: the digests and the executable bit.
    Map<String, String> local = digests(tree);
    for (Map.Entry<String, String> e : local.entrySet()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int code =
          EXEC.exec(
              "pod",
              List.of("sha256sum", "/tmp/scylla/in/home/me/fixture/" + e.getKey()),
              null,
              out);
      assertThat(code).as(e.getKey()).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).as(e.getKey()).startsWith(e.getValue());
    }
    assertThat(
            EXEC.exec(
                "pod",
                List.of("test", "-x", "/tmp/scylla/in/home/me/fixture/bin/run.sh"),
                null,
                OutputStream.nullOutputStream()))
        .isZero();
    assertThat(
            EXEC.exec(
                "pod",
                List.of("test", "-L", "/tmp/scylla/in/home/me/fixture/link-to-readme"),
                null,
                OutputStream.nullOutputStream()))
        .isZero();

    // Out again, into the place of an older folder, which is replaced whole.
    Path target = dir.resolve("experiment/T0/00/run_01");
    Files.createDirectories(target);
    Files.writeString(target.resolve("stale.txt"), "from before");
    files.download("pod", "/tmp/scylla/in/home/me/fixture", target);

    assertThat(digests(target)).isEqualTo(local);
    assertThat(target.resolve("stale.txt")).doesNotExist();
    assertThat(Files.getPosixFilePermissions(target.resolve("bin/run.sh")))
        .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(Files.readSymbolicLink(target.resolve("link-to-readme")))
        .isEqualTo(Path.of("README.md"));
    assertThat(target.resolve("empty")).isEmptyDirectory();
    try (Stream<Path> siblings = Files.list(target.getParent())) {
      assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("run_01");
    }
  }

  @Test
  void writeAndRead_aMarkerFileMadeWithItsFolder() throws Exception {
    PodFiles files = new PodFiles(EXEC);

    files.write("pod", "/tmp/scylla/out/deep/.scylla-collected", "collected\n");

    assertThat(files.read("pod", "/tmp/scylla/out/deep/.scylla-collected")).contains("collected\n");
    assertThat(files.read("pod", "/tmp/scylla/out/deep/missing")).isEmpty();
  }

  @Test
  void downloadOfAMissingFolder_failsAsTransientAndLeavesNothingBehind() throws Exception {
    Path target = dir.resolve("experiment/T0/00/run_02");
    Files.createDirectories(target.getParent());
    PodFiles files = new PodFiles(EXEC);

    assertThatThrownBy(() -> files.download("pod", "/tmp/scylla/out/no-such-run", target))
        .isInstanceOfSatisfying(
            ClusterException.class, e -> assertThat(e.transientFailure()).isTrue());

    assertThat(target).doesNotExist();
    assertThat(target.getParent()).isEmptyDirectory();
  }

  private static Path sampleTree(Path root) throws IOException {
    Files.createDirectories(root.resolve("bin"));
    Files.createDirectories(root.resolve("empty"));
    Files.writeString(root.resolve("README.md"), "# hello\n");
    Path script = root.resolve("bin/run.sh");
    Files.writeString(script, "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    byte[] binary = new byte[1 << 20];
    new Random(42).nextBytes(binary);
    Files.write(root.resolve("bin/blob.bin"), binary);
    Files.writeString(root.resolve("name with spaces and ü.txt"), "unicode\n");
    Path deep = root.resolve("a".repeat(60)).resolve("b".repeat(60));
    Files.createDirectories(deep);
    Files.writeString(deep.resolve("c".repeat(80) + ".txt"), "a long path\n");
    Files.createSymbolicLink(root.resolve("link-to-readme"), Path.of("README.md"));
    return root;
  }

  /** Every regular file under {@code root} (relative path) to its SHA-256. */
  private static Map<String, String> digests(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p :
          walk.filter(Files::isRegularFile).filter(p -> !Files.isSymbolicLink(p)).toList()) {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        out.put(
            root.relativize(p).toString(),
            HexFormat.of().formatHex(sha.digest(Files.readAllBytes(p))));
      }
    }
    return out;
  }

  private record Result(int code, String out) {}

  private static Result docker(InputStream stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Result(127, e.getMessage());
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(124, out);
    }
    return new Result(p.exitValue(), out);
  }
}
