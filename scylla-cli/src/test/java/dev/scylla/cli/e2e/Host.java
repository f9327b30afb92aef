package dev.scylla.cli.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Host-side helpers of the end-to-end tests: commands, file trees, owners. */
public final class Host {

  private Host() {}

  /** Runs a command, returns its stdout; fails the test when it exits non-zero. */
  static String sh(String... command) throws IOException, InterruptedException {
    // Output to a file, so a command that hangs meets the timeout instead of blocking a read.
    Path output = Files.createTempFile("scylla-e2e-sh", ".txt");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      boolean ended = process.waitFor(120, TimeUnit.SECONDS);
      if (!ended) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      if (!ended || process.exitValue() != 0) {
        throw new AssertionError(
            String.join(" ", command) + (ended ? " failed:\n" : " timed out:\n") + text);
      }
      return text;
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /** The lines of a command's output, blank ones dropped. */
  static List<String> lines(String... command) throws IOException, InterruptedException {
    return sh(command).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  /** Whether this JVM runs as root. */
  static boolean isRoot() throws IOException {
    return uid(Path.of("/proc/self")) == 0;
  }

  static int uid(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }

  /** Copies a directory tree. */
  public static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  /** Every file and directory under {@code root}, root included, without following links. */
  static List<Path> tree(Path root) throws IOException {
    List<Path> all = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            all.add(dir);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            all.add(file);
            return FileVisitResult.CONTINUE;
          }
        });
    return all;
  }

  /** Deletes a tree, whoever owns it (the test runs as root where other users are involved). */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> all = tree(root);
    for (int i = all.size() - 1; i >= 0; i--) {
      Files.deleteIfExists(all.get(i));
    }
  }

  /**
   * An image repository of this JVM's own: tests of other checkouts that share the Docker engine
   * never count, reuse or remove its images and containers.
   */
  static String repository(String name) {
    return name + "-" + ProcessHandle.current().pid();
  }

  /**
   * Names of the experiment containers Scylla created from images of {@code repository} since
   * {@code sinceEpochSeconds} (containers inherit the image's labels; image builds' intermediate
   * containers lack the run kind).
   */
  static List<String> containersCreatedSince(String repository, long sinceEpochSeconds)
      throws IOException, InterruptedException {
    return createdSince(
        sinceEpochSeconds,
        "dev.scylla.managed-by=scylla",
        "dev.scylla.kind=run",
        "dev.scylla.image-repository=" + repository);
  }

  /**
   * Names of the experiment containers of experiment {@code experimentId} created since {@code
   * sinceEpochSeconds}: unaffected by other Scylla processes sharing the engine.
   */
  static List<String> containersCreatedSince(long sinceEpochSeconds, String experimentId)
      throws IOException, InterruptedException {
    return createdSince(sinceEpochSeconds, "dev.scylla.experiment=" + experimentId);
  }

  /** Names of the containers with all of {@code labels} created since {@code sinceEpochSeconds}. */
  private static List<String> createdSince(long sinceEpochSeconds, String... labels)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "docker",
                "events",
                "--since",
                Long.toString(sinceEpochSeconds),
                "--until",
                Long.toString(System.currentTimeMillis() / 1000 + 1),
                "--filter",
                "type=container",
                "--filter",
                "event=create"));
    for (String label : labels) {
      command.addAll(List.of("--filter", "label=" + label));
    }
    command.addAll(List.of("--format", "{{.Actor.Attributes.name}}"));
    return lines(command.toArray(String[]::new));
  }

  /** Makes sure the user {@code name} exists (without a home) and is in the docker group. */
  static void dockerGroupUser(String name) throws IOException, InterruptedException {
    sh(
        "sh",
        "-c",
        "id -u " + name + " >/dev/null 2>&1 || useradd --no-create-home --shell /bin/bash " + name);
    sh("usermod", "-aG", "docker", name);
  }

  /** Names of every container, running or not. */
  static List<String> allContainers() throws IOException, InterruptedException {
    return lines("docker", "ps", "-a", "--format", "{{.Names}}");
  }

  /** Removes every image Scylla built in {@code repository}. */
  static void removeImages(String repository) throws IOException, InterruptedException {
    for (String id :
        lines(
            "docker",
            "images",
            "-q",
            "--filter",
            "label=dev.scylla.image-repository=" + repository)) {
      Process rmi =
          new ProcessBuilder("docker", "rmi", "-f", id)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!rmi.waitFor(120, TimeUnit.SECONDS)) {
        rmi.destroyForcibly();
        throw new AssertionError("docker rmi -f " + id + " did not end within 120 s");
      }
    }
  }

  static boolean hasImages(String repository) throws IOException, InterruptedException {
    return !lines(
            "docker", "images", "-q", "--filter", "label=dev.scylla.image-repository=" + repository)
        .isEmpty();
  }
}
