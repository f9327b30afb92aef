package dev.scylla.core.agent;

import dev.scylla.core.internal.ProcessTrees;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one child process with its stdin fed from a string, stdout and stderr captured to files, and
 * a wall-clock timeout that kills the whole process tree: what a runner that drives a command-line
 * agent needs. The built-in Claude Code adapter uses it.
 *
 * <pre>{@code
 * ProcessRunner.Result r = ProcessRunner.run(
 *     List.of("my-agent", "--prompt-file", "prompt.md"), request.workingDirectory(), Map.of(),
 *     request.prompt(), request.timeout(),
 *     request.logDirectory().resolve(ResultsLayout.ADAPTER_STDOUT),
 *     request.logDirectory().resolve(ResultsLayout.ADAPTER_STDERR));
 * }</pre>
 */
public final class ProcessRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);

  /**
   * What a finished (or killed) process left behind.
   *
   * @param exitCode the exit code, or -1 when it was killed at its timeout
   * @param timedOut whether it was killed at its timeout
   * @param stdout everything it printed on stdout
   * @param stderr everything it printed on stderr
   * @param duration how long it ran
   */
  public record Result(
      int exitCode, boolean timedOut, String stdout, String stderr, Duration duration) {}

  private ProcessRunner() {}

  /**
   * Runs {@code command} in {@code workDir}; stdout and stderr go to the given files (created or
   * truncated). On timeout, or when the calling thread is interrupted, the process and all its
   * descendants are killed before returning or rethrowing.
   */
  public static Result run(
      List<String> command,
      Path workDir,
      Map<String, String> extraEnv,
      String stdin,
      Duration timeout,
      Path stdoutFile,
      Path stderrFile)
      throws IOException, InterruptedException {
    Files.createDirectories(stdoutFile.toAbsolutePath().getParent());
    Files.createDirectories(stderrFile.toAbsolutePath().getParent());
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.directory(workDir.toFile());
    pb.environment().putAll(extraEnv);
    // Files, not pipes: a chatty child can never block on a full pipe buffer.
    pb.redirectOutput(stdoutFile.toFile());
    pb.redirectError(stderrFile.toFile());
    long start = System.nanoTime();
    Process process = pb.start();
    boolean finished;
    try {
      // A separate thread: a child that never reads its input must still meet its timeout.
      Thread feeder =
          new Thread(
              () -> {
                try (OutputStream in = process.getOutputStream()) {
                  in.write(stdin.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                  // The child may exit without reading its input; its output still tells why.
                  LOG.debug("child closed stdin early: {}", e.getMessage());
                }
              },
              "stdin-feeder");
      feeder.setDaemon(true);
      feeder.start();
      finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      killTree(process);
      throw e;
    }
    if (!finished) {
      killTree(process);
    }
    int exit = finished ? process.exitValue() : -1;
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    return new Result(
        exit,
        !finished,
        Files.readString(stdoutFile, StandardCharsets.UTF_8),
        Files.readString(stderrFile, StandardCharsets.UTF_8),
        elapsed);
  }

  /** Kills a process and every descendant (collected first, before they are re-parented). */
  public static void killTree(Process process) {
    ProcessTrees.kill(process);
  }
}
