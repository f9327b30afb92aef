package dev.scylla.credentials.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Small process helpers: the current uid, and running a short command. */
public final class Processes {

  /**
   * Result of a command.
   *
   * @param exitCode the exit code
   * @param stdout standard output
   * @param stderr standard error
   */
  public record Result(int exitCode, String stdout, String stderr) {}

  private static volatile Integer currentUid;

  private Processes() {}

  /** The uid this process runs as (the owner of {@code /proc/self}, else of a new temp file). */
  public static int currentUid() {
    Integer uid = currentUid;
    if (uid == null) {
      uid = lookUpUid();
      currentUid = uid;
    }
    return uid;
  }

  /** Whether this process runs as root. */
  public static boolean isRoot() {
    return currentUid() == 0;
  }

  private static int lookUpUid() {
    try {
      Path self = Path.of("/proc/self");
      if (Files.exists(self)) {
        return (Integer) Files.getAttribute(self, "unix:uid");
      }
      Path probe = Files.createTempFile("scylla-uid", ".probe");
      try {
        return (Integer) Files.getAttribute(probe, "unix:uid");
      } finally {
        Files.deleteIfExists(probe);
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalStateException(
          "cannot tell which user this process runs as: " + e.getMessage(), e);
    }
  }

  /**
   * Runs a command with a timeout. Its arguments may hold secrets, so neither they nor the output
   * appear in exceptions.
   */
  public static Result run(List<String> command, long timeoutSeconds) throws IOException {
    Process process =
        new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    process.getOutputStream().close();
    CompletableFuture<String> out =
        CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
    CompletableFuture<String> err =
        CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(
            Path.of(command.get(0)).getFileName()
                + " did not finish within "
                + timeoutSeconds
                + " s");
      }
      return new Result(process.exitValue(), out.get(), err.get());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + command.get(0), e);
    } catch (ExecutionException e) {
      throw new IOException("reading the output of " + command.get(0) + " failed", e.getCause());
    }
  }

  private static String drain(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
