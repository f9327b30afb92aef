package dev.scylla.api;

import dev.scylla.core.ErrorKind;
import dev.scylla.core.ScyllaException;
import dev.scylla.credentials.CredentialsException;
import dev.scylla.docker.DockerException;
import java.util.Optional;

/**
 * What any exception from Scylla means to its caller: its kind, and the setting whose value is at
 * fault. The one place that reads the exceptions of every library.
 *
 * <p>Each library gives its exceptions a kind of the same four (input, credentials, infrastructure,
 * internal), in an enum of its own: scylla-core's {@link ErrorKind}, {@link DockerException.Kind},
 * {@link CredentialsException.Kind} and scylla-kubernetes' {@code ClusterException.Kind}, because
 * the libraries depend on none of each other. scylla-api, which composes them, reads them all as
 * scylla-core's {@link ErrorKind}: its own exceptions are scylla-core's {@link ScyllaException}s
 * already, so that enum is the one kind an embedder of the API meets. Anything else, an exception
 * no library threw on purpose ({@link IllegalArgumentException}, {@link NullPointerException}, an
 * unwrapped I/O failure), is a fault in Scylla: {@link ErrorKind#INTERNAL}.
 */
public final class Failures {

  private Failures() {}

  /**
   * The kind of {@code failure}: the kind its library gave it, or {@link ErrorKind#INTERNAL} for an
   * exception none threw on purpose. Only {@code failure} itself is read, not its causes: a library
   * that wraps an exception chooses the wrapper's kind.
   */
  public static ErrorKind kindOf(Throwable failure) {
    if (failure instanceof ScyllaException scylla) {
      return scylla.kind();
    }
    if (failure instanceof DockerException docker) {
      return switch (docker.kind()) {
        case INPUT -> ErrorKind.INPUT;
        case CREDENTIALS -> ErrorKind.CREDENTIALS;
        case INFRASTRUCTURE -> ErrorKind.INFRASTRUCTURE;
        case INTERNAL -> ErrorKind.INTERNAL;
      };
    }
    if (failure instanceof CredentialsException credentials) {
      return switch (credentials.kind()) {
        case INPUT -> ErrorKind.INPUT;
        case CREDENTIALS -> ErrorKind.CREDENTIALS;
        case INFRASTRUCTURE -> ErrorKind.INFRASTRUCTURE;
        case INTERNAL -> ErrorKind.INTERNAL;
      };
    }
    if (failure != null && failure.getClass().getName().startsWith(KUBERNETES_PACKAGE)) {
      // scylla-kubernetes is optional: its classes are touched only when one of them was thrown.
      return dev.scylla.api.internal.PodExperiment.kindOf(failure);
    }
    return ErrorKind.INTERNAL;
  }

  /**
   * The stable name of the setting whose value caused {@code failure} (such as {@code commit},
   * {@code repo}, {@code shared_dir}, {@code agent_jars}, {@code experiment_id}, {@code batch_id},
   * {@code ca_bundle} or {@code credentials}), for a front end to name its own way to change it:
   * the setting of the first exception in the chain of causes that names one, so that it survives a
   * wrapper that keeps the message.
   */
  public static Optional<String> settingOf(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
      Optional<String> setting = Optional.empty();
      if (t instanceof ScyllaException scylla) {
        setting = scylla.setting();
      } else if (t instanceof DockerException docker) {
        setting = docker.setting();
      } else if (t instanceof CredentialsException credentials) {
        setting = credentials.setting();
      }
      if (setting.isPresent()) {
        return setting;
      }
    }
    return Optional.empty();
  }

  private static final String KUBERNETES_PACKAGE = "dev.scylla.kubernetes.";

  /** How deep a chain of causes is read: deeper ones are rare, and a cycle ends here. */
  private static final int MAX_CAUSES = 16;
}
