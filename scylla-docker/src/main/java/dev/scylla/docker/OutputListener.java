package dev.scylla.docker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Receives a container's output one line at a time, without the line terminator. */
@FunctionalInterface
public interface OutputListener {

  /** The logger that container output goes to when nobody else wants it. */
  String CONTAINER_LOGGER = "dev.scylla.docker.container";

  /** Called for every complete line; the last line is delivered even without a newline. */
  void onLine(StreamType stream, String line);

  /**
   * Logs stdout lines at INFO and stderr lines at WARN on the {@value #CONTAINER_LOGGER} logger.
   */
  static OutputListener toLogger() {
    Logger log = LoggerFactory.getLogger(CONTAINER_LOGGER);
    return (stream, line) -> {
      if (stream == StreamType.STDERR) {
        log.warn("{}", line);
      } else {
        log.info("{}", line);
      }
    };
  }

  /** Discards every line. */
  static OutputListener ignore() {
    return (stream, line) -> {};
  }
}
