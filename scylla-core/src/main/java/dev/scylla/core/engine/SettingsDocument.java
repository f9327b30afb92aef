package dev.scylla.core.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.scylla.core.internal.ScyllaJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings an experiment was started with, as its caller describes them (for the Java API: its
 * {@code ExperimentSettings}), kept in the experiment folder as {@code
 * config/scylla_settings.json}. The engine does not interpret them: it writes the document when the
 * experiment starts or resumes, and refuses to resume a folder whose kept document differs in a
 * setting that is not {@linkplain #invocationOnly() invocation-only}.
 *
 * @param json the settings as the text of a JSON object
 * @param invocationOnly the keys of settings that only steer one invocation (how many sub-tests run
 *     at once, how long an outage is waited out, ...), left out of the comparison
 */
public record SettingsDocument(String json, Set<String> invocationOnly) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException when {@code json} is not a JSON object
   */
  public SettingsDocument {
    Objects.requireNonNull(json, "json");
    if (!tree(json).isObject()) {
      throw new IllegalArgumentException("a settings document must be a JSON object");
    }
    invocationOnly = Set.copyOf(invocationOnly);
  }

  /**
   * The keys whose values differ between this document and {@code keptJson} (an earlier
   * invocation's document), as {@link #differencesFrom(JsonNode)} gives them.
   */
  public List<String> differencesFrom(String keptJson) {
    return differencesFrom(tree(keptJson));
  }

  private static JsonNode tree(String json) {
    try {
      return ScyllaJson.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The keys whose values differ between this document and {@code kept} (an earlier invocation's),
   * sorted, each as {@code key: kept → now}; invocation-only keys are left out, and a key missing
   * on one side counts as {@code null}.
   */
  List<String> differencesFrom(JsonNode kept) {
    JsonNode document = tree(json);
    Set<String> keys = new TreeSet<>();
    document.fieldNames().forEachRemaining(keys::add);
    for (Iterator<String> it = kept.fieldNames(); it.hasNext(); ) {
      keys.add(it.next());
    }
    List<String> differences = new ArrayList<>();
    for (String key : keys) {
      if (invocationOnly.contains(key)) {
        continue;
      }
      JsonNode before = normal(kept.get(key));
      JsonNode now = normal(document.get(key));
      if (!before.equals(now)) {
        differences.add(key + ": " + before + " -> " + now);
      }
    }
    return differences;
  }

  private static JsonNode normal(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return com.fasterxml.jackson.databind.node.NullNode.getInstance();
    }
    if (node.isArray() && node.isEmpty()) {
      return com.fasterxml.jackson.databind.node.NullNode.getInstance();
    }
    return node;
  }
}
