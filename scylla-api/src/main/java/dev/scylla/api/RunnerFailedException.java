package dev.scylla.api;

import dev.scylla.docker.ContainerException;
import java.util.List;

/**
 * The runner container ended with a code that is not one of Scylla's (killed, out of memory, a
 * program that could not start): the runner itself failed. The message names the code, what it
 * means when known, and the last line of the container's output.
 */
public final class RunnerFailedException extends ContainerException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;
  private final List<String> outputTail;

  /** The failure of a container that exited with {@code exitCode} after {@code outputTail}. */
  public RunnerFailedException(String message, int exitCode, List<String> outputTail) {
    super(message);
    this.exitCode = exitCode;
    this.outputTail = List.copyOf(outputTail);
  }

  /** The container's exit code. */
  public int exitCode() {
    return exitCode;
  }

  /** The last lines the container wrote (at most {@link ContainerTarget#OUTPUT_TAIL_LINES}). */
  public List<String> outputTail() {
    return outputTail;
  }
}
