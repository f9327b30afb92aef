package dev.scylla.api.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scylla.api.Progress;
import java.util.Optional;

/** The JSON of a progress protocol line: snake_case keys, absent nulls, unknown keys ignored. */
public final class ProgressLines {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProgressLines() {}

  /** The report as one line of JSON. */
  public static String write(Progress progress) {
    ObjectNode node = JSON.createObjectNode();
    node.put("kind", progress.kind());
    node.put("message", progress.message());
    if (progress.experimentDir() != null) {
      node.put("experiment_dir", progress.experimentDir());
    }
    node.put("runs_done", progress.runsDone());
    node.put("runs_total", progress.runsTotal());
    node.put("passed", progress.passed());
    node.put("cost_usd", progress.costUsd());
    if (progress.status() != null) {
      node.put("status", progress.status());
    }
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a progress report cannot be written as JSON", e);
    }
  }

  /** The report in a line of JSON; empty when it is not one. */
  public static Optional<Progress> read(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    if (node == null || !node.isObject() || !node.path("kind").isTextual()) {
      return Optional.empty();
    }
    return Optional.of(
        new Progress(
            node.path("kind").asText(),
            node.path("message").asText(""),
            text(node, "experiment_dir"),
            node.path("runs_done").asInt(),
            node.path("runs_total").asInt(),
            node.path("passed").asInt(),
            node.path("cost_usd").asDouble(),
            text(node, "status")));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
