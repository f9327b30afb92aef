package dev.scylla.core.internal.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.ThinkingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * The identity of an experiment's configuration, used to refuse resuming with a different one.
 *
 * <p>hash = the first 16 hex digits of SHA-256 over the canonical JSON of the configuration (keys
 * sorted at every level, no whitespace, UTF-8) without {@code parallel_subtests} and {@code
 * max_subtests}, which change how an experiment runs but not what it measures, and without {@code
 * thinking_mode} when it is {@code None}, so that experiments from before the setting keep their
 * identity.
 */
public final class ConfigHash {
  private static final List<String> IGNORED = List.of("parallel_subtests", "max_subtests");

  private ConfigHash() {}

  /** The hash of {@code config}. */
  public static String of(ExperimentConfig config) {
    return sha256Prefix(canonicalJson(config));
  }

  /** The canonical JSON the hash is computed over. */
  public static String canonicalJson(ExperimentConfig config) {
    ObjectNode tree = ScyllaJson.mapper().valueToTree(config);
    IGNORED.forEach(tree::remove);
    if (ThinkingMode.NONE.label().equals(tree.path("thinking_mode").asText())) {
      tree.remove("thinking_mode");
    }
    try {
      return ScyllaJson.mapper()
          .writer()
          .without(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(sorted(tree));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a configuration tree", e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      names.sort(null);
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (String name : names) {
        out.set(name, sorted(node.get(name)));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> out.add(sorted(element)));
      return out;
    }
    return node;
  }

  private static String sha256Prefix(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
