package dev.scylla.docker;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An image known to the engine.
 *
 * @param id the image id ({@code sha256:...})
 * @param tags its repository tags, e.g. {@code scylla-runner:latest}
 * @param labels its labels
 * @param sizeBytes its size including the base image's layers
 */
public record ImageInfo(String id, List<String> tags, Map<String, String> labels, long sizeBytes) {
  /** Copies the collections and validates the fields. */
  public ImageInfo {
    Objects.requireNonNull(id, "id");
    tags = List.copyOf(tags);
    labels = Map.copyOf(labels);
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes must be >= 0, was " + sizeBytes);
    }
  }
}
