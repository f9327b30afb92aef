package dev.scylla.core.engine;

import dev.scylla.core.internal.ScyllaJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Small file and text helpers of the engine's parts. */
final class EngineFiles {
  private static final Logger LOG = LoggerFactory.getLogger(EngineFiles.class);

  private EngineFiles() {}

  /** Reads a result file left by an earlier session; empty when missing or unreadable. */
  static <T> Optional<T> readIfPresent(Path file, Class<T> type) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(ScyllaJson.mapper().readValue(file.toFile(), type));
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot read {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  /** Reads one text field of a JSON file left by an earlier session; empty when absent. */
  static Optional<String> readField(Path file, String field) {
    return readIfPresent(file, com.fasterxml.jackson.databind.JsonNode.class)
        .map(n -> n.path(field))
        .filter(n -> !n.isMissingNode() && !n.isNull())
        .map(n -> n.asText());
  }

  /** The first line of {@code s}, at most 200 characters; {@code <no output>} when blank. */
  static String firstLine(String s) {
    if (s == null || s.isBlank()) {
      return "<no output>";
    }
    String line = s.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
