package dev.scylla.docker;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the runner image stands, for {@code scylla image status}.
 *
 * @param tag the tag the current setup asks for
 * @param hash the content hash the current setup asks for
 * @param current the image built from exactly this setup, if present
 * @param stale other runner images of the same repository (older jars, versions or arguments)
 */
public record ImageStatus(
    String tag, String hash, Optional<ImageInfo> current, List<ImageInfo> stale) {
  /** Copies the list and validates the fields. */
  public ImageStatus {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(current, "current");
    stale = List.copyOf(stale);
  }

  /** Whether the image for the current setup is present (nothing to build). */
  public boolean isCurrent() {
    return current.isPresent();
  }
}
