package dev.scylla.core.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.Hashing;
import dev.scylla.core.internal.AtomicFiles;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.results.ScyllaJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The experiment's {@code checkpoint.json}: run states tier → sub-test → run →
 * passed|failed|agent_complete, and the experiment status. Every change is written atomically.
 */
public final class CheckpointStore {
  /** Run state: judged and passed. */
  public static final String PASSED = "passed";

  /** Run state: judged and not passed. */
  public static final String FAILED = "failed";

  /** Run state: the agent finished, the judges did not. */
  public static final String AGENT_COMPLETE = "agent_complete";

  private final Path file;
  private final String experimentId;
  private final Path experimentDir;
  private final String configHash;
  private final Instant startedAt;
  private final Map<String, Map<String, Map<String, String>>> runs = new TreeMap<>();
  private String status = "running";
  private String rateLimitSource;
  private Instant rateLimitUntil;
  private int pauseCount;

  private CheckpointStore(
      Path experimentDir, String experimentId, String configHash, Instant startedAt) {
    this.file = experimentDir.resolve("checkpoint.json");
    this.experimentDir = experimentDir;
    this.experimentId = experimentId;
    this.configHash = configHash;
    this.startedAt = startedAt;
  }

  /** A new checkpoint. */
  public static CheckpointStore create(
      Path experimentDir, String experimentId, String configHash, Instant now) {
    CheckpointStore c = new CheckpointStore(experimentDir, experimentId, configHash, now);
    c.save();
    return c;
  }

  /** Reads an existing checkpoint. */
  public static CheckpointStore load(Path experimentDir) {
    JsonNode n = readTree(experimentDir.resolve("checkpoint.json"));
    CheckpointStore c =
        new CheckpointStore(
            experimentDir,
            n.path("experiment_id").asText(),
            n.path("config_hash").asText(),
            n.hasNonNull("started_at")
                ? Instant.parse(n.get("started_at").asText())
                : Instant.now());
    c.status = n.path("status").asText("running");
    c.pauseCount = n.path("pause_count").asInt(0);
    Iterator<Map.Entry<String, JsonNode>> tiers = n.path("completed_runs").fields();
    while (tiers.hasNext()) {
      var t = tiers.next();
      Iterator<Map.Entry<String, JsonNode>> subs = t.getValue().fields();
      while (subs.hasNext()) {
        var s = subs.next();
        Iterator<Map.Entry<String, JsonNode>> rs = s.getValue().fields();
        while (rs.hasNext()) {
          var r = rs.next();
          c.runs
              .computeIfAbsent(t.getKey(), k -> new TreeMap<>())
              .computeIfAbsent(s.getKey(), k -> new TreeMap<>())
              .put(r.getKey(), r.getValue().asText());
        }
      }
    }
    return c;
  }

  /** The config hash recorded at creation. */
  public String configHash() {
    return configHash;
  }

  /** The experiment's start. */
  public Instant startedAt() {
    return startedAt;
  }

  /** The recorded status. */
  public synchronized String status() {
    return status;
  }

  /** State of one run, or {@code null}. */
  public synchronized String state(String tier, String subTest, int run) {
    return runs.getOrDefault(tier, Map.of())
        .getOrDefault(subTest, Map.of())
        .get(String.valueOf(run));
  }

  /** Records a run's state and saves. */
  public synchronized void setState(String tier, String subTest, int run, String state) {
    runs.computeIfAbsent(tier, k -> new TreeMap<>())
        .computeIfAbsent(subTest, k -> new TreeMap<>())
        .put(String.valueOf(run), state);
    save();
  }

  /** Records the experiment status and saves. */
  public synchronized void setStatus(String status) {
    this.status = status;
    if (!"paused_rate_limit".equals(status)) {
      rateLimitUntil = null;
      rateLimitSource = null;
    }
    save();
  }

  /** Records a rate-limit pause and saves. */
  public synchronized void paused(String source, Instant until) {
    status = "paused_rate_limit";
    rateLimitSource = source;
    rateLimitUntil = until;
    pauseCount++;
    save();
  }

  private void save() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", "2.0");
    m.put("experiment_id", experimentId);
    m.put("experiment_dir", experimentDir.toAbsolutePath().toString());
    m.put("config_hash", configHash);
    m.put("completed_runs", runs);
    m.put("started_at", startedAt.toString());
    m.put("last_updated_at", Instant.now().toString());
    m.put("status", status);
    m.put("rate_limit_source", rateLimitSource);
    m.put("rate_limit_until", rateLimitUntil == null ? null : rateLimitUntil.toString());
    m.put("pause_count", pauseCount);
    m.put("pid", ProcessHandle.current().pid());
    AtomicFiles.writeJson(file, m);
  }

  /**
   * SHA-256 (first 16 hex) of the canonical JSON of the config without the settings that do not
   * change results (parallelism, max sub-tests).
   */
  public static String configHash(ExperimentConfig config) {
    ObjectNode tree = ScyllaJson.mapper().valueToTree(config);
    tree.remove("parallel_subtests");
    tree.remove("max_subtests");
    try {
      String canonical =
          ScyllaJson.mapper()
              .writer()
              .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(sorted(tree));
      return Hashing.sha256()
          .hashString(canonical, StandardCharsets.UTF_8)
          .toString()
          .substring(0, 16);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object sorted(JsonNode n) {
    if (n.isObject()) {
      Map<String, Object> m = new TreeMap<>();
      n.fields().forEachRemaining(e -> m.put(e.getKey(), sorted(e.getValue())));
      return m;
    }
    if (n.isArray()) {
      java.util.List<Object> l = new java.util.ArrayList<>();
      n.forEach(x -> l.add(sorted(x)));
      return l;
    }
    return n;
  }

  private static JsonNode readTree(Path f) {
    try {
      return ScyllaJson.mapper().readTree(Files.readString(f));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + f + ": " + e.getMessage(), e);
    }
  }
}
