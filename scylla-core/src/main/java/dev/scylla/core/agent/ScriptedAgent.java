package dev.scylla.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scylla.core.ErrorKind;
import dev.scylla.core.internal.ScyllaJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replays a YAML script of outcomes instead of calling a real agent: the offline dry-run mode
 * ({@code --agent scripted:FILE}) and the backbone of fast tests. One script answers both agent and
 * judge calls.
 *
 * <p>Format (every key optional; documented in docs/engine.md):
 *
 * <pre>
 * agent:
 *   default: {files: {hello.py: "print('Hello, World!')\n"}, delete: [], result: "Done",
 *             tokens: {input: 1000, output: 200, cache_creation: 0, cache_read: 0},
 *             cost_usd: 0.01, duration_seconds: 3.5, delay_seconds: 0, exit_code: 0,
 *             is_error: false, subtype: success, stderr: ""}
 *   runs:                      # first match wins; tier/subtest/run omitted = any
 *     - {tier: T0, subtest: "01", run: 2, result: "...", ...}
 *     - {tier: T0, subtest: "00", attempts: [{is_error: true, result: "429 rate limit"}, {}]}
 * judge:
 *   default: {score: 0.9, passed: true, grade: A, reasoning: "...", categories: {},
 *             cost_usd: 0.001}
 *   runs:
 *     - {tier: T0, subtest: "01", score: 0.3}
 *     - {tier: T0, subtest: "02", raw: "not json"}   # output that cannot be parsed
 * </pre>
 *
 * An entry's {@code attempts} answer successive calls of the same run (the last one repeats).
 */
public final class ScriptedAgent implements AgentAdapter {
  private static final ObjectMapper YAML = ScyllaJson.yamlMapper();
  private static final ObjectMapper JSON = ScyllaJson.mapper();

  private final Path source;
  private final JsonNode script;
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

  private ScriptedAgent(Path source, JsonNode script) {
    this.source = source;
    this.script = script;
  }

  /**
   * Loads a script file.
   *
   * @throws AgentException when the file cannot be read or is not a YAML mapping
   */
  public static ScriptedAgent load(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new AgentException(
          ErrorKind.INPUT,
          "cannot read scripted-agent file "
              + file
              + ": "
              + e.getMessage().lines().findFirst().orElse("")
              + " (check the path and the YAML syntax)",
          e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      root = JSON.createObjectNode();
    }
    if (!root.isObject()) {
      throw new AgentException(
          ErrorKind.INPUT,
          "scripted-agent file " + file + " must be a mapping with \'agent\' and \'judge\' keys",
          null);
    }
    for (String role : List.of("agent", "judge")) {
      JsonNode r = root.path(role);
      if (!r.isMissingNode() && !r.isObject()) {
        throw new AgentException(
            ErrorKind.INPUT,
            "scripted-agent file " + file + ": \'" + role + "\' must be a mapping",
            null);
      }
      JsonNode runs = r.path("runs");
      if (!runs.isMissingNode() && !runs.isArray()) {
        throw new AgentException(
            ErrorKind.INPUT,
            "scripted-agent file " + file + ": \'" + role + ".runs\' must be a list",
            null);
      }
    }
    return new ScriptedAgent(file, root);
  }

  @Override
  public String name() {
    return "scripted:" + source;
  }

  @Override
  public AgentOutcome run(AgentRequest request) throws InterruptedException {
    boolean judge = request.role() == AgentRequest.Role.JUDGE;
    JsonNode roleNode = script.path(judge ? "judge" : "agent");
    ObjectNode spec = JSON.createObjectNode();
    if (roleNode.path("default").isObject()) {
      spec.setAll((ObjectNode) roleNode.path("default"));
    }
    JsonNode entry = findEntry(roleNode.path("runs"), request);
    if (entry != null) {
      ObjectNode copy = ((ObjectNode) entry).deepCopy();
      copy.remove(List.of("tier", "subtest", "run", "attempts"));
      spec.setAll(copy);
      JsonNode list = entry.path("attempts");
      if (list.isArray() && list.size() > 0) {
        String key =
            request.role()
                + "/"
                + request.tierId()
                + "/"
                + request.subTestId()
                + "/"
                + request.runNumber()
                + "/"
                + request.judgeNumber();
        int n = attempts.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
        JsonNode attempt = list.get(Math.min(n, list.size() - 1));
        if (attempt.isObject()) {
          spec.setAll((ObjectNode) attempt);
        }
      }
    }
    double delay = spec.path("delay_seconds").asDouble(0);
    if (delay > 0) {
      Thread.sleep((long) (delay * 1000));
    }
    if (!judge) {
      applyFiles(spec, request.workingDirectory());
    }
    String text;
    if (judge) {
      text = spec.has("raw") ? spec.get("raw").asText() : verdict(spec);
    } else {
      text = spec.path("result").asText("Done.");
    }
    JsonNode tokens = spec.path("tokens");
    boolean isError = spec.path("is_error").asBoolean(false);
    int exit = spec.path("exit_code").asInt(0);
    String subtype = spec.path("subtype").asText("success");
    return AgentOutcome.builder()
        .exitCode(exit)
        .error(isError || exit != 0 || !"success".equals(subtype))
        .subtype(subtype)
        .resultText(text)
        .tokens(tokens.path("input").asLong(0), tokens.path("output").asLong(0))
        .cacheTokens(tokens.path("cache_creation").asLong(0), tokens.path("cache_read").asLong(0))
        .totalCostUsd(spec.hasNonNull("cost_usd") ? spec.get("cost_usd").asDouble() : null)
        .durationSeconds(spec.path("duration_seconds").asDouble(delay))
        .numTurns(spec.has("num_turns") ? spec.get("num_turns").asInt() : null)
        .stderr(spec.path("stderr").asText(""))
        .build();
  }

  private static JsonNode findEntry(JsonNode runs, AgentRequest request) {
    if (!runs.isArray()) {
      return null;
    }
    for (JsonNode e : runs) {
      if (!e.isObject()) {
        continue;
      }
      if (e.has("tier") && !e.get("tier").asText().equalsIgnoreCase(request.tierId())) {
        continue;
      }
      if (e.has("subtest") && !matchesSubTest(e.get("subtest").asText(), request.subTestId())) {
        continue;
      }
      if (e.has("run") && e.get("run").asInt() != request.runNumber()) {
        continue;
      }
      if (e.has("judge") && e.get("judge").asInt() != request.judgeNumber()) {
        continue;
      }
      return e;
    }
    return null;
  }

  private static boolean matchesSubTest(String scripted, String actual) {
    return scripted.equals(actual) || scripted.startsWith(actual + "-");
  }

  private static String verdict(JsonNode spec) {
    ObjectNode v = JSON.createObjectNode();
    double score = spec.path("score").asDouble(1.0);
    v.put("score", score);
    v.put("passed", spec.path("passed").asBoolean(score >= 0.6));
    if (spec.has("grade")) {
      v.put("grade", spec.get("grade").asText());
    }
    v.put("reasoning", spec.path("reasoning").asText("Scripted verdict."));
    v.set(
        "categories",
        spec.path("categories").isObject() ? spec.get("categories") : JSON.createObjectNode());
    return v.toString();
  }

  private void applyFiles(JsonNode spec, Path workspace) {
    Path root = workspace.toAbsolutePath().normalize();
    List<String> errors = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> files = spec.path("files").fields();
    try {
      while (files.hasNext()) {
        Map.Entry<String, JsonNode> f = files.next();
        Path target = root.resolve(f.getKey()).normalize();
        if (!target.startsWith(root)) {
          errors.add(f.getKey());
          continue;
        }
        Files.createDirectories(target.getParent());
        Files.writeString(target, f.getValue().asText(), StandardCharsets.UTF_8);
      }
      for (JsonNode d : spec.path("delete")) {
        Path target = root.resolve(d.asText()).normalize();
        if (target.startsWith(root)) {
          Files.deleteIfExists(target);
        } else {
          errors.add(d.asText());
        }
      }
    } catch (IOException e) {
      throw new AgentException(
          "scripted agent could not write in " + root + ": " + e.getMessage(), e);
    }
    if (!errors.isEmpty()) {
      throw new AgentException(
          ErrorKind.INPUT,
          "scripted-agent file " + source + " names paths outside the workspace: " + errors,
          null);
    }
  }
}
