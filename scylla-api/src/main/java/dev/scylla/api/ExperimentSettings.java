package dev.scylla.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scylla.core.agent.AgentRunners;
import dev.scylla.core.engine.ExperimentRunner;
import dev.scylla.core.engine.SettingsDocument;
import dev.scylla.core.model.ThinkingMode;
import dev.scylla.core.model.TierId;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Every setting of an experiment, in one record: one type and one default per setting ({@link
 * #DEFAULTS}), and one JSON form (the <em>settings document</em>, {@link #toJson()}). The document
 * is what crosses into the runner container, what is kept in the experiment folder ({@code
 * config/scylla_settings.json}), and what a resume compares, without the {@linkplain
 * #INVOCATION_ONLY invocation-only} settings.
 *
 * <p>A {@code null} (or an empty list) is "not given": the fixture's own value, else the engine's
 * default, decides. Paths are absolute once the settings belong to an {@link Experiment}.
 *
 * @param tiersDir the test folder (with {@code test.yaml}); null only in {@link #DEFAULTS}
 * @param sharedDir the shared blocks, skills and agents; null for the fixture's default place
 * @param skillsDirs further folders of skills, searched in order after the shared folder's
 * @param thinking the agent's thinking mode
 * @param tiers the tiers to run; empty: the test's
 * @param runs runs per sub-test
 * @param parallel sub-tests run at once (invocation-only)
 * @param timeoutSeconds wall-clock limit of one agent run
 * @param maxSubtests at most this many sub-tests per tier (invocation-only, as in the engine's
 *     configuration hash)
 * @param maxTurns turn limit of one agent run
 * @param maxCostUsd budget of the agent cost
 * @param models models of the agent under test
 * @param judgeModel the judge model
 * @param additionalJudgeModels further judge models (consensus by majority)
 * @param resultsDir where results go; the experiment's folder is made below it (invocation-only)
 * @param repo the task repository, a URL or a local path
 * @param commit the task commit
 * @param prompt the task prompt file
 * @param experimentId the experiment id
 * @param configFile settings in YAML, below these in precedence
 * @param fresh start over instead of resuming (invocation-only)
 * @param judgeSystemPrompt the judges' system prompt file
 * @param infraRetries retries after an infrastructure error (invocation-only)
 * @param rateLimitPause pause after a rate limit that names no reset time (invocation-only)
 * @param maxOutage the longest API outage waited out (invocation-only)
 * @param retryErrored run again the runs that errored for another reason than the API
 *     (invocation-only)
 * @param until the phase to stop after, {@value #UNTIL_AGENT_COMPLETE} or null (invocation-only)
 * @param agent the agent's runner, {@code NAME[:ARG]}
 * @param judge the judges' runner, {@code NAME[:ARG]}; null: the agent's when it can judge, else
 *     claude-code
 * @param agentJars jars with runners of one's own
 */
public record ExperimentSettings(
    Path tiersDir,
    Path sharedDir,
    List<Path> skillsDirs,
    ThinkingMode thinking,
    List<TierId> tiers,
    Integer runs,
    Integer parallel,
    Integer timeoutSeconds,
    Integer maxSubtests,
    Integer maxTurns,
    BigDecimal maxCostUsd,
    List<String> models,
    String judgeModel,
    List<String> additionalJudgeModels,
    Path resultsDir,
    String repo,
    String commit,
    Path prompt,
    String experimentId,
    Path configFile,
    boolean fresh,
    Path judgeSystemPrompt,
    int infraRetries,
    Duration rateLimitPause,
    Duration maxOutage,
    boolean retryErrored,
    String until,
    String agent,
    String judge,
    List<Path> agentJars) {

  /** The version of the settings document; a document of another version is refused. */
  public static final int VERSION = 1;

  /** The phase {@code until} accepts: every agent runs, no run is judged. */
  public static final String UNTIL_AGENT_COMPLETE = "agent_complete";

  /** Every setting's default: what an experiment has where nothing else is chosen. */
  public static final ExperimentSettings DEFAULTS =
      new ExperimentSettings(
          null,
          null,
          List.of(),
          null,
          List.of(),
          null,
          null,
          null,
          null,
          null,
          null,
          List.of(),
          null,
          List.of(),
          Path.of("results"),
          null,
          null,
          null,
          null,
          null,
          false,
          null,
          ExperimentRunner.DEFAULT_INFRA_RETRIES,
          ExperimentRunner.DEFAULT_RATE_LIMIT_PAUSE,
          ExperimentRunner.DEFAULT_MAX_OUTAGE,
          false,
          null,
          AgentRunners.DEFAULT,
          null,
          List.of());

  /** The document keys of the settings that steer one invocation only: a resume may change them. */
  public static final Set<String> INVOCATION_ONLY =
      Set.of(
          "parallel",
          "max_subtests",
          "results_dir",
          "fresh",
          "infra_retries",
          "rate_limit_pause_seconds",
          "max_outage_seconds",
          "retry_errored",
          "until");

  /** The document's keys, in order; read once from {@link #DEFAULTS}' document. */
  private static final java.util.List<String> KEYS = keysOf(DEFAULTS.tree());

  /** The defaults' texts, read once from {@link #DEFAULTS}' document. */
  private static final Map<String, String> DEFAULT_TEXTS = textsOf(DEFAULTS.tree());

  /**
   * Checks the values that need no fixture to be checked, and copies the lists (the rest are
   * checked against the fixture when the experiment runs).
   *
   * @throws InvalidInputException for a value out of range, naming the setting by its document key
   */
  public ExperimentSettings {
    skillsDirs = List.copyOf(skillsDirs);
    tiers = List.copyOf(tiers);
    models = List.copyOf(models);
    additionalJudgeModels = List.copyOf(additionalJudgeModels);
    agentJars = List.copyOf(agentJars);
    // One value, one form: 2.50 and 2.5 are the same budget, in the document and after it.
    maxCostUsd = maxCostUsd == null ? null : maxCostUsd.stripTrailingZeros();
    Objects.requireNonNull(resultsDir, "resultsDir");
    Objects.requireNonNull(rateLimitPause, "rateLimitPause");
    Objects.requireNonNull(maxOutage, "maxOutage");
    if (infraRetries < 0) {
      throw new InvalidSettingException("infra_retries", "must be 0 or more, was " + infraRetries);
    }
    if (rateLimitPause.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new InvalidSettingException(
          "rate_limit_pause_seconds",
          "must be 1 second or more, was " + rateLimitPause.toSeconds());
    }
    if (maxOutage.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new InvalidSettingException(
          "max_outage_seconds", "must be 1 second or more, was " + maxOutage.toSeconds());
    }
    if (until != null && !UNTIL_AGENT_COMPLETE.equals(until)) {
      throw new InvalidSettingException(
          "until", "must be " + UNTIL_AGENT_COMPLETE + ", was '" + until + "'");
    }
    requireSpec("agent", agent);
    if (judge != null) {
      requireSpec("judge", judge);
    }
  }

  /** These settings with every path absolute and normalised. */
  public ExperimentSettings absolute() {
    return new ExperimentSettings(
        abs(tiersDir),
        abs(sharedDir),
        skillsDirs.stream().map(ExperimentSettings::abs).toList(),
        thinking,
        tiers,
        runs,
        parallel,
        timeoutSeconds,
        maxSubtests,
        maxTurns,
        maxCostUsd,
        models,
        judgeModel,
        additionalJudgeModels,
        abs(resultsDir),
        repo,
        commit,
        abs(prompt),
        experimentId,
        abs(configFile),
        fresh,
        abs(judgeSystemPrompt),
        infraRetries,
        rateLimitPause,
        maxOutage,
        retryErrored,
        until,
        agent,
        judge,
        agentJars.stream().map(ExperimentSettings::abs).toList());
  }

  /**
   * The settings document: a JSON object with {@code version} and one key per setting (snake case;
   * durations in seconds, the cost as a decimal number, a setting not given as {@code null} or an
   * empty list).
   */
  public String toJson() {
    return tree().toPrettyString();
  }

  /** The document as a tree. */
  ObjectNode tree() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("version", VERSION);
    o.put("tiers_dir", text(tiersDir));
    o.put("shared_dir", text(sharedDir));
    o.set("skills_dirs", array(skillsDirs, Path::toString));
    o.put("thinking", thinking == null ? null : thinking.label());
    o.set("tiers", array(tiers, TierId::name));
    o.put("runs", runs);
    o.put("parallel", parallel);
    o.put("timeout_seconds", timeoutSeconds);
    o.put("max_subtests", maxSubtests);
    o.put("max_turns", maxTurns);
    o.put("max_cost_usd", maxCostUsd);
    o.set("models", array(models, m -> m));
    o.put("judge_model", judgeModel);
    o.set("additional_judge_models", array(additionalJudgeModels, m -> m));
    o.put("results_dir", text(resultsDir));
    o.put("repo", repo);
    o.put("commit", commit);
    o.put("prompt", text(prompt));
    o.put("experiment_id", experimentId);
    o.put("config_file", text(configFile));
    o.put("fresh", fresh);
    o.put("judge_system_prompt", text(judgeSystemPrompt));
    o.put("infra_retries", infraRetries);
    o.put("rate_limit_pause_seconds", rateLimitPause.toSeconds());
    o.put("max_outage_seconds", maxOutage.toSeconds());
    o.put("retry_errored", retryErrored);
    o.put("until", until);
    o.put("agent", agent);
    o.put("judge", judge);
    o.set("agent_jars", array(agentJars, Path::toString));
    return o;
  }

  /**
   * The settings of a document ({@link #toJson()}'s form). A key the document leaves out takes its
   * {@linkplain #DEFAULTS default}.
   *
   * @throws InvalidInputException for text that is not JSON, another version, an unknown key or a
   *     value of the wrong type
   */
  public static ExperimentSettings fromJson(String json) {
    try {
      return fromTree(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidInputException(
          "the settings document is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The settings of a document tree. */
  static ExperimentSettings fromTree(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new InvalidInputException("a settings document must be a JSON object");
    }
    int version = json.path("version").asInt(-1);
    if (version != VERSION) {
      throw new InvalidInputException(
          "the settings document has version "
              + json.path("version")
              + "; this Scylla reads version "
              + VERSION);
    }
    java.util.List<String> known = KEYS;
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        throw new InvalidInputException("the settings document has an unknown key '" + key + "'");
      }
    }
    Reader r = new Reader(json);
    return new ExperimentSettings(
        r.path("tiers_dir", DEFAULTS.tiersDir),
        r.path("shared_dir", DEFAULTS.sharedDir),
        r.list("skills_dirs", Path::of, DEFAULTS.skillsDirs),
        r.value("thinking", ThinkingMode::parse, DEFAULTS.thinking),
        r.list("tiers", TierId::parse, DEFAULTS.tiers),
        r.integer("runs", DEFAULTS.runs),
        r.integer("parallel", DEFAULTS.parallel),
        r.integer("timeout_seconds", DEFAULTS.timeoutSeconds),
        r.integer("max_subtests", DEFAULTS.maxSubtests),
        r.integer("max_turns", DEFAULTS.maxTurns),
        r.decimal("max_cost_usd", DEFAULTS.maxCostUsd),
        r.list("models", m -> m, DEFAULTS.models),
        r.value("judge_model", m -> m, DEFAULTS.judgeModel),
        r.list("additional_judge_models", m -> m, DEFAULTS.additionalJudgeModels),
        r.path("results_dir", DEFAULTS.resultsDir),
        r.value("repo", m -> m, DEFAULTS.repo),
        r.value("commit", m -> m, DEFAULTS.commit),
        r.path("prompt", DEFAULTS.prompt),
        r.value("experiment_id", m -> m, DEFAULTS.experimentId),
        r.path("config_file", DEFAULTS.configFile),
        r.bool("fresh", DEFAULTS.fresh),
        r.path("judge_system_prompt", DEFAULTS.judgeSystemPrompt),
        r.integer("infra_retries", DEFAULTS.infraRetries),
        r.seconds("rate_limit_pause_seconds", DEFAULTS.rateLimitPause),
        r.seconds("max_outage_seconds", DEFAULTS.maxOutage),
        r.bool("retry_errored", DEFAULTS.retryErrored),
        r.value("until", m -> m, DEFAULTS.until),
        r.value("agent", m -> m, DEFAULTS.agent),
        r.value("judge", m -> m, DEFAULTS.judge),
        r.list("agent_jars", Path::of, DEFAULTS.agentJars));
  }

  /**
   * The document as the engine keeps and compares it: the invocation-only settings left out of the
   * comparison, and thinking mode {@code None} the same as not given.
   */
  public SettingsDocument document() {
    ObjectNode json = tree();
    if (thinking == ThinkingMode.NONE) {
      json.putNull("thinking");
    }
    return new SettingsDocument(json.toPrettyString(), INVOCATION_ONLY);
  }

  /** The keys of the settings document, in order ({@code version} first). */
  public static java.util.List<String> keys() {
    return KEYS;
  }

  /** Each setting's default as the text a command line would give it; absent when it has none. */
  public static Map<String, String> defaultTexts() {
    return DEFAULT_TEXTS;
  }

  private static java.util.List<String> keysOf(ObjectNode json) {
    java.util.List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    return java.util.List.copyOf(keys);
  }

  private static Map<String, String> textsOf(ObjectNode json) {
    Map<String, String> texts = new LinkedHashMap<>();
    json.fieldNames()
        .forEachRemaining(
            key -> {
              JsonNode v = json.get(key);
              if (!key.equals("version") && !v.isNull() && !(v.isArray() && v.isEmpty())) {
                texts.put(key, v.asText());
              }
            });
    return java.util.Collections.unmodifiableMap(texts);
  }

  private static void requireSpec(String key, String spec) {
    if (spec == null || spec.isBlank()) {
      throw new InvalidSettingException(
          key, "must name a runner (NAME[:ARG], e.g. claude-code or scripted:FILE)");
    }
  }

  private static Path abs(Path path) {
    return path == null ? null : path.toAbsolutePath().normalize();
  }

  private static String text(Path path) {
    return path == null ? null : path.toString();
  }

  private static <T> ArrayNode array(List<T> values, Function<T, String> text) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    values.forEach(v -> a.add(text.apply(v)));
    return a;
  }

  /** Reads typed values of a document, naming the key of a wrong one. */
  private record Reader(JsonNode json) {

    <T> T value(String key, Function<String, T> parse, T fallback) {
      JsonNode v = json.get(key);
      if (v == null) {
        return fallback;
      }
      if (v.isNull()) {
        return null;
      }
      if (!v.isTextual()) {
        throw wrong(key, "a string");
      }
      try {
        return parse.apply(v.asText());
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            "the settings document's " + key + " is not valid: " + e.getMessage(), e);
      }
    }

    Path path(String key, Path fallback) {
      return value(key, Path::of, fallback);
    }

    <T> List<T> list(String key, Function<String, T> parse, List<T> fallback) {
      JsonNode v = json.get(key);
      if (v == null) {
        return fallback;
      }
      if (v.isNull()) {
        return List.of();
      }
      if (!v.isArray()) {
        throw wrong(key, "a list");
      }
      List<T> out = new ArrayList<>();
      for (JsonNode element : v) {
        if (!element.isTextual()) {
          throw wrong(key, "a list of strings");
        }
        try {
          out.add(parse.apply(element.asText()));
        } catch (IllegalArgumentException e) {
          throw new InvalidInputException(
              "the settings document's " + key + " is not valid: " + e.getMessage(), e);
        }
      }
      return out;
    }

    Integer integer(String key, Integer fallback) {
      JsonNode v = json.get(key);
      if (v == null) {
        return fallback;
      }
      if (v.isNull()) {
        return null;
      }
      if (!v.canConvertToInt() || !v.isIntegralNumber()) {
        throw wrong(key, "a whole number");
      }
      return v.asInt();
    }

    BigDecimal decimal(String key, BigDecimal fallback) {
      JsonNode v = json.get(key);
      if (v == null) {
        return fallback;
      }
      if (v.isNull()) {
        return null;
      }
      if (!v.isNumber()) {
        throw wrong(key, "a number");
      }
      return v.decimalValue();
    }

    boolean bool(String key, boolean fallback) {
      JsonNode v = json.get(key);
      if (v == null || v.isNull()) {
        return fallback;
      }
      if (!v.isBoolean()) {
        throw wrong(key, "true or false");
      }
      return v.asBoolean();
    }

    Duration seconds(String key, Duration fallback) {
      Integer s = integer(key, null);
      return s == null ? fallback : Duration.ofSeconds(s);
    }

    private static InvalidInputException wrong(String key, String what) {
      return new InvalidInputException("the settings document's " + key + " must be " + what);
    }
  }
}
