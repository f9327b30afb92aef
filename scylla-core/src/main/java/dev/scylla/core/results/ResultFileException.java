package dev.scylla.core.results;

import java.nio.file.Path;

/** A result file that cannot be written or read. The message names the file and the cause. */
public class ResultFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /** An exception about {@code file}. */
  public ResultFileException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = file;
  }

  /** The file at fault. */
  public Path file() {
    return file;
  }
}
