package dev.scylla.docker;

import java.util.Objects;
import java.util.Optional;

/**
 * Base of every failure talking to the container engine; unchecked, with a message saying what to
 * do in the library's own terms. {@link #kind()} says whose problem it is (the engine's, unless the
 * value at fault was the caller's), and {@link #setting()} names the setting that chose that value,
 * so that a front end can add its own way to change it.
 */
public class DockerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * What caused a {@link DockerException}: the same four kinds as every Scylla library's exceptions
   * have, in an enum of this library's own so that it depends on no other.
   */
  public enum Kind {
    /** A value the caller gave cannot be used (a file that is not there). Fixing it fixes it. */
    INPUT,
    /** A login the engine or a registry needs. */
    CREDENTIALS,
    /** The engine, an image or a container failed: not the caller's fault. */
    INFRASTRUCTURE,
    /** A fault in Scylla: report it. */
    INTERNAL
  }

  /** The setting of the CA bundle an image build trusts. */
  public static final String CA_BUNDLE = "ca_bundle";

  private final Kind kind;
  private final String setting;

  /** An infrastructure failure with a message and its cause. */
  public DockerException(String message, Throwable cause) {
    this(Kind.INFRASTRUCTURE, null, message, cause);
  }

  /** An infrastructure failure with a message. */
  public DockerException(String message) {
    this(Kind.INFRASTRUCTURE, null, message, null);
  }

  /**
   * A failure of the given kind.
   *
   * @param setting the stable name of the setting whose value is at fault (such as {@link
   *     #CA_BUNDLE}), or null
   * @param cause the cause, or null
   */
  public DockerException(Kind kind, String setting, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.setting = setting;
  }

  /** What caused it. */
  public Kind kind() {
    return kind;
  }

  /** The stable name of the setting whose value is at fault, if changing one setting fixes it. */
  public Optional<String> setting() {
    return Optional.ofNullable(setting);
  }
}
