package dev.scylla.docker;

import dev.scylla.docker.internal.HostIdentity;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The labels on everything Scylla creates, so that its containers and images can be found and
 * leftovers of a killed process removed.
 */
public final class ScyllaLabels {

  /** Always {@value #MANAGED_BY_VALUE} on what Scylla creates. */
  public static final String MANAGED_BY = "dev.scylla.managed-by";

  /** The value of {@link #MANAGED_BY}. */
  public static final String MANAGED_BY_VALUE = "scylla";

  /** The session (one {@code scylla} invocation, or one shell) that created it. */
  public static final String SESSION = "dev.scylla.session";

  /** The experiment it runs, when there is one. */
  public static final String EXPERIMENT = "dev.scylla.experiment";

  /** The PID of the Scylla process that owns it. */
  public static final String OWNER_PID = "dev.scylla.owner-pid";

  /** When the owner process started (epoch milliseconds), which tells a reused PID apart. */
  public static final String OWNER_STARTED = "dev.scylla.owner-started";

  /** The host the owner process runs on: PIDs mean something only there. */
  public static final String OWNER_HOST = "dev.scylla.owner-host";

  /** What it is: {@code run}, {@code shell} or {@code image}; see {@link Kind}. */
  public static final String KIND = "dev.scylla.kind";

  /** On runner images: the content hash they were built from. */
  public static final String IMAGE_HASH = "dev.scylla.image-hash";

  /** On runner images: the repository they were built for. */
  public static final String IMAGE_REPOSITORY = "dev.scylla.image-repository";

  /** On runner images: the UID of the user they were built for (each UID has its own). */
  public static final String IMAGE_UID = "dev.scylla.image-uid";

  /** On runner images: the Scylla version inside. */
  public static final String VERSION = "dev.scylla.version";

  /** What a Scylla-made object is. */
  public enum Kind {
    /** A container running one experiment; removed when its owner process is gone. */
    RUN,
    /** A long-lived interactive container; never swept. */
    SHELL,
    /** A runner image. */
    IMAGE;

    /** The label value. */
    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private ScyllaLabels() {}

  /** The filter matching everything Scylla created. */
  public static Map<String, String> managed() {
    return Map.of(MANAGED_BY, MANAGED_BY_VALUE);
  }

  /** The filter matching everything of one kind Scylla created. */
  public static Map<String, String> managed(Kind kind) {
    return Map.of(MANAGED_BY, MANAGED_BY_VALUE, KIND, kind.value());
  }

  /**
   * The labels for a container owned by this process.
   *
   * @param kind what it is
   * @param session the session id
   * @param experiment the experiment id, or null when it runs none
   */
  public static Map<String, String> forContainer(Kind kind, String session, String experiment) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(session, "session");
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, MANAGED_BY_VALUE);
    labels.put(KIND, kind.value());
    labels.put(SESSION, session);
    if (experiment != null) {
      labels.put(EXPERIMENT, experiment);
    }
    ProcessHandle self = ProcessHandle.current();
    labels.put(OWNER_PID, Long.toString(self.pid()));
    self.info()
        .startInstant()
        .ifPresent(start -> labels.put(OWNER_STARTED, Long.toString(start.toEpochMilli())));
    labels.put(OWNER_HOST, HostIdentity.hostName());
    return Map.copyOf(labels);
  }
}
