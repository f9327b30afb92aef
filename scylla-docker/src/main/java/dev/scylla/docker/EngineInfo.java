package dev.scylla.docker;

import java.util.Objects;

/**
 * What the container engine says about itself.
 *
 * @param endpoint where the engine was reached, e.g. {@code unix:///var/run/docker.sock}
 * @param serverVersion the engine version, e.g. {@code 20.10.24}
 * @param apiVersion the API version it speaks, e.g. {@code 1.41}
 * @param operatingSystem the engine's operating system and architecture
 */
public record EngineInfo(
    String endpoint, String serverVersion, String apiVersion, String operatingSystem) {
  /** Validates that every field is present. */
  public EngineInfo {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(serverVersion, "serverVersion");
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(operatingSystem, "operatingSystem");
  }
}
