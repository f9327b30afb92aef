package dev.scylla.docker;

import java.util.List;

/**
 * An image build failed. The message's first line says what failed; the lines after it are the last
 * lines of the build log.
 */
public class ImageBuildException extends DockerException {
  private static final long serialVersionUID = 1L;

  private final List<String> logTail;

  /** A failed build, with the last lines of its log. */
  public ImageBuildException(String message, List<String> logTail, Throwable cause) {
    super(withTail(message, logTail), cause);
    this.logTail = List.copyOf(logTail);
  }

  /** The last lines of the build log, oldest first. */
  public List<String> logTail() {
    return logTail;
  }

  private static String withTail(String message, List<String> tail) {
    if (tail.isEmpty()) {
      return message;
    }
    return message + "\nlast lines of the build log:\n  " + String.join("\n  ", tail);
  }
}
