package dev.scylla.docker;

import java.util.Objects;

/**
 * The runner image to use, as {@link RunnerImage#ensure} found or built it.
 *
 * @param tag its versioned tag, e.g. {@code scylla-runner:0.1.0-0123456789ab}
 * @param id its image id
 * @param hash the full content hash it was built from
 * @param built whether this call built it
 */
public record ImageRef(String tag, String id, String hash, boolean built) {
  /** Validates every field is present. */
  public ImageRef {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(hash, "hash");
  }
}
