package dev.scylla.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scylla.api.Batch;
import dev.scylla.api.BatchJob;
import dev.scylla.api.Experiment;
import dev.scylla.api.ExperimentJob;
import dev.scylla.api.ExperimentSettings;
import dev.scylla.api.InvalidInputException;
import dev.scylla.api.Job;
import dev.scylla.api.RejudgeJob;
import dev.scylla.core.model.TierId;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON document of a job that crosses into a runner container: {@code {"kind": ..., ...}} with
 * the experiment's settings document under {@code settings}. What the container's Scylla reads back
 * is the job the host started, value for value.
 */
public final class JobDocuments {

  /** The document's version; another is refused. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JobDocuments() {}

  /**
   * The document of {@code job}.
   *
   * @throws InvalidInputException for a job that does not cross into a container (a shell)
   */
  public static ObjectNode tree(Job<?> job) {
    ObjectNode o = JSON.createObjectNode();
    o.put("version", VERSION);
    if (job instanceof ExperimentJob e) {
      o.put("kind", "experiment");
      o.set("settings", tree(e.experiment().settings().toJson()));
    } else if (job instanceof BatchJob b) {
      Batch batch = b.batch();
      o.put("kind", "batch");
      o.put("id", batch.id());
      ArrayNode tests = o.putArray("tests");
      batch.tests().forEach(t -> tests.add(t.testDir().toString()));
      o.put("parallel", batch.parallel());
      o.put("max_cost_usd", batch.maxCostUsd());
      o.put("fresh", batch.fresh());
      o.set("settings", tree(batch.template().settings().toJson()));
    } else if (job instanceof RejudgeJob r) {
      o.put("kind", "rejudge");
      o.put("experiment_dir", r.experimentDir().toString());
      ArrayNode tiers = o.putArray("tiers");
      r.tiers().forEach(t -> tiers.add(t.name()));
      ArrayNode subtests = o.putArray("subtests");
      r.subtests().forEach(subtests::add);
      ArrayNode models = o.putArray("judge_models");
      r.judgeModels().forEach(models::add);
      o.put("judge", r.judge());
      o.put(
          "judge_system_prompt",
          r.judgeSystemPrompt() == null ? null : r.judgeSystemPrompt().toString());
      ArrayNode jars = o.putArray("agent_jars");
      r.agentJars().forEach(j -> jars.add(j.toString()));
    } else {
      throw new InvalidInputException(
          "a " + job.getClass().getSimpleName() + " does not cross into a runner container");
    }
    return o;
  }

  /** Writes {@code job}'s document to {@code file}. */
  public static void write(Job<?> job, Path file) throws IOException {
    Files.writeString(file, JSON.writeValueAsString(tree(job)));
  }

  /**
   * The document of {@code job} as text.
   *
   * @throws InvalidInputException for a job that does not cross into a container (a shell)
   */
  public static String write(Job<?> job) {
    return tree(job).toPrettyString();
  }

  /**
   * The job of the document in {@code file}.
   *
   * @throws InvalidInputException when it cannot be read or is not a job document of this version
   */
  public static Job<?> read(Path file) {
    JsonNode json;
    try {
      json = JSON.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot read the job document "
              + file
              + ": "
              + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
          e);
    }
    return read(json);
  }

  /**
   * The job of a document.
   *
   * @throws InvalidInputException when it is not a job document of this version
   */
  public static Job<?> read(String json) {
    try {
      return read(JSON.readTree(json));
    } catch (IOException e) {
      throw new InvalidInputException("the job document is not JSON: " + e.getMessage(), e);
    }
  }

  private static Job<?> read(JsonNode json) {
    if (json == null || !json.isObject() || json.path("version").asInt(-1) != VERSION) {
      throw new InvalidInputException(
          "not a job document of version " + VERSION + ": " + abbreviate(json));
    }
    String kind = json.path("kind").asText("");
    switch (kind) {
      case "experiment":
        return Job.experiment(
            Experiment.of(ExperimentSettings.fromJson(String.valueOf(json.get("settings")))));
      case "batch":
        {
          List<Path> tests = new ArrayList<>();
          json.path("tests").forEach(t -> tests.add(Path.of(t.asText())));
          Experiment template =
              Experiment.of(ExperimentSettings.fromJson(String.valueOf(json.get("settings"))));
          JsonNode cost = json.path("max_cost_usd");
          return Job.batch(
              Batch.builder(tests, template)
                  .id(json.path("id").asText())
                  .parallel(json.path("parallel").asInt())
                  .maxCostUsd(cost.isNumber() ? new BigDecimal(cost.asText()) : null)
                  .fresh(json.path("fresh").asBoolean())
                  .build());
        }
      case "rejudge":
        {
          List<TierId> tiers = new ArrayList<>();
          json.path("tiers").forEach(t -> tiers.add(TierId.parse(t.asText())));
          JsonNode prompt = json.path("judge_system_prompt");
          return new RejudgeJob(
              Path.of(json.path("experiment_dir").asText()),
              tiers,
              texts(json.path("subtests")),
              texts(json.path("judge_models")),
              json.path("judge").asText(),
              prompt.isTextual() ? Path.of(prompt.asText()) : null,
              texts(json.path("agent_jars")).stream().map(Path::of).toList());
        }
      default:
        throw new InvalidInputException("the job document has an unknown kind '" + kind + "'");
    }
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("a settings document that is not JSON", e);
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String abbreviate(JsonNode json) {
    String text = String.valueOf(json);
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }
}
