package dev.scylla.core;

import java.util.Objects;
import java.util.Optional;

/**
 * The base of every exception scylla-core throws on purpose. Unchecked; the message says what went
 * wrong in the library's own terms, {@link #kind()} says whose problem it is, and {@link
 * #setting()} names the setting that chooses the value at fault, when one does, so that a front end
 * can add its own way to change it (a command line its option).
 */
public abstract class ScyllaException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ErrorKind kind;
  private final String setting;

  /** Creates the exception. */
  protected ScyllaException(ErrorKind kind, String message, Throwable cause) {
    this(kind, null, message, cause);
  }

  /**
   * Creates the exception about the value of a setting.
   *
   * @param setting the setting's stable name (see {@link #setting()}), or null
   */
  protected ScyllaException(ErrorKind kind, String setting, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.setting = setting;
  }

  /** What caused it. */
  public ErrorKind kind() {
    return kind;
  }

  /**
   * The stable name of the setting whose value is at fault, when changing one setting fixes it:
   * {@code repo}, {@code commit} (the task repository and commit), {@code shared_dir}, {@code
   * agent_jars}, {@code experiment_id} or {@code batch_id} (a resumed experiment or batch whose
   * configuration changed: start over or choose another id).
   */
  public Optional<String> setting() {
    return Optional.ofNullable(setting);
  }
}
