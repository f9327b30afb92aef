package dev.scylla.api.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A fresh copy of the repository's examples/hello-world, for a test to run and change. */
public final class HelloWorldCopy {

  private static final Path SOURCE =
      Path.of("..", "examples", "hello-world").toAbsolutePath().normalize();

  private HelloWorldCopy() {}

  /** Copies the example into {@code to} and returns it. */
  public static Path into(Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(SOURCE)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(SOURCE.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }
}
