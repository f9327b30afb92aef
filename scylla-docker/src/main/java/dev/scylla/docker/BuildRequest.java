package dev.scylla.docker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An image build.
 *
 * @param contextDir the build context: every file under it is sent to the engine
 * @param dockerfile the Dockerfile's path relative to {@code contextDir}
 * @param tags the tags to give the image, e.g. {@code scylla-runner:latest}
 * @param buildArgs values of the Dockerfile's {@code ARG}s
 * @param labels labels added to the image
 * @param noCache whether to ignore the layer cache and build every step again
 */
public record BuildRequest(
    Path contextDir,
    String dockerfile,
    Set<String> tags,
    Map<String, String> buildArgs,
    Map<String, String> labels,
    boolean noCache) {
  /** Copies the collections and validates the context. */
  public BuildRequest {
    Objects.requireNonNull(contextDir, "contextDir");
    Objects.requireNonNull(dockerfile, "dockerfile");
    tags = Set.copyOf(tags);
    buildArgs = Map.copyOf(buildArgs);
    labels = Map.copyOf(labels);
    if (!Files.isDirectory(contextDir)) {
      throw new IllegalArgumentException("contextDir must be a directory, was " + contextDir);
    }
    if (tags.isEmpty()) {
      throw new IllegalArgumentException(
          "tags must not be empty: untagged images are hard to find");
    }
  }

  /** A build that uses the layer cache. */
  public BuildRequest(
      Path contextDir,
      String dockerfile,
      Set<String> tags,
      Map<String, String> buildArgs,
      Map<String, String> labels) {
    this(contextDir, dockerfile, tags, buildArgs, labels, false);
  }
}
