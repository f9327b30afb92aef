package dev.scylla.core.results;

import dev.scylla.core.ErrorKind;
import dev.scylla.core.ScyllaException;
import java.nio.file.Path;

/** A result file that cannot be written or read. The message names the file and the cause. */
public class ResultFileException extends ScyllaException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /** An exception about {@code file}. */
  public ResultFileException(Path file, String message, Throwable cause) {
    super(ErrorKind.INFRASTRUCTURE, file + ": " + message, cause);
    this.file = file;
  }

  /** The file at fault. */
  public Path file() {
    return file;
  }
}
