package dev.scylla.api.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a job's document goes on its way into a runner container: a private folder of the host
 * (mode 0700, owned by this process's user, as the container's user is), mounted read-only at
 * {@link #CONTAINER_DIR}, and the command the Scylla inside runs on it.
 */
public final class JobFiles {

  /** The document's file name in its folder. */
  public static final String DOCUMENT = "job.json";

  /** Where the folder is mounted in the container. */
  public static final Path CONTAINER_DIR = Path.of("/scylla-job");

  private JobFiles() {}

  /** The arguments of the Scylla inside that run the mounted document. */
  public static List<String> command() {
    return List.of("job", CONTAINER_DIR.resolve(DOCUMENT).toString());
  }

  /** A new private folder for one job's document. */
  public static Path privateDirectory() throws IOException {
    try {
      return Files.createTempDirectory(
          "scylla-job-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      return Files.createTempDirectory("scylla-job-");
    }
  }

  /** Deletes the folder and what is in it; what cannot be deleted is left. */
  public static void delete(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(JobFiles::deleteQuietly);
    } catch (IOException | UncheckedIOException e) {
      // Nothing secret is in it: a leftover is harmless.
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // Left for the system's temp clean-up.
    }
  }
}
