package dev.scylla.core.internal.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scylla.core.fixture.Rubric;
import dev.scylla.core.fixture.RubricCategory;
import dev.scylla.core.fixture.RubricItem;
import dev.scylla.core.fixture.RubricRequirement;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.model.JudgeResult;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.results.ResultFileException;
import dev.scylla.core.results.ResultFiles;
import dev.scylla.core.results.ResultsLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The files ProjectScylla's analysis loader ({@code src/scylla/analysis/loader.py} of its main
 * branch) needs beside Scylla's own, so that its figures and tables load a Scylla results folder:
 * {@code rubric.yaml} with the category weights at the experiment root, {@code MODEL.md} in each
 * run's agent folder and in each judge's folder, and per-criterion {@code achieved}/{@code max}
 * points in each {@code judgment.json}. Scylla's files stay as they are; this only adds.
 */
public final class ProjectScyllaFiles {
  private ProjectScyllaFiles() {}

  /**
   * Writes {@code rubric.yaml} at the experiment root: the rubric's categories with their weight,
   * scoring type and items (ProjectScylla's {@code categories:} layout), its requirements with
   * their weight (the {@code requirements:} layout), the pass threshold and the grade scale.
   */
  public static void writeExperiment(ResultsLayout layout, Rubric rubric) {
    Map<String, Object> categories = new LinkedHashMap<>();
    for (RubricCategory c : rubric.categories().values()) {
      Map<String, Object> cat = new LinkedHashMap<>();
      cat.put("weight", c.weight());
      cat.put("scoring_type", c.scoringType().name().toLowerCase(Locale.ROOT));
      List<Map<String, Object>> items = new ArrayList<>();
      for (RubricItem i : c.items()) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", i.id());
        item.put("check", i.check());
        item.put("points", i.points());
        if (i.naCondition() != null) {
          item.put("na_condition", i.naCondition());
        }
        items.add(item);
      }
      cat.put("items", items);
      categories.put(c.name(), cat);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("categories", categories);
    if (!rubric.requirements().isEmpty()) {
      List<Map<String, Object>> requirements = new ArrayList<>();
      for (RubricRequirement r : rubric.requirements()) {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("id", r.id());
        req.put("description", r.description());
        req.put("weight", r.weight());
        req.put("evaluation", r.evaluation().name().toLowerCase(Locale.ROOT));
        requirements.add(req);
      }
      doc.put("requirements", requirements);
    }
    doc.put("pass_threshold", rubric.passThreshold());
    Map<String, Object> scale = new LinkedHashMap<>();
    rubric.gradeScale().forEach((g, v) -> scale.put(g.name(), v));
    doc.put("grade_scale", scale);
    String yaml;
    try {
      yaml = ScyllaJson.yamlMapper().writeValueAsString(doc);
    } catch (IOException e) {
      throw new ResultFileException(layout.rubricYaml(), "cannot be serialized", e);
    }
    ResultFiles.writeText(layout.rubricYaml(), yaml);
  }

  /**
   * Writes a run's {@code agent/MODEL.md}, each judge's {@code MODEL.md}, and adds the points of
   * each scored criterion ({@code achieved} = score × its points, {@code max} = its points: a
   * category's items' points, or a requirement's weight; {@code items} empty: Scylla's judges score
   * categories and requirements, not items) to each {@code judgment.json}. Keys a judgment already
   * has are kept.
   */
  public static void writeRun(
      ResultsLayout.Run files, RunResult run, String agentModel, Rubric rubric) {
    ResultFiles.writeText(files.agentModel(), modelMd("Agent", agentModel));
    for (JudgeResult j : run.judges()) {
      ResultFiles.writeText(files.judgeModel(j.judgeNumber()), modelMd("Judge", j.model()));
      addPoints(files.judgment(j.judgeNumber()), rubric);
    }
  }

  /** ProjectScylla's loader finds the model on the line {@code **Model**: ID}. */
  static String modelMd(String role, String model) {
    return "# " + role + " model\n\n**Model**: " + model + "\n";
  }

  /** A category's points (the sum of its items'), or a requirement's weight; null if neither. */
  private static Double points(Rubric rubric, String criterion) {
    RubricCategory cat = rubric.categories().get(criterion);
    if (cat != null) {
      return cat.totalPoints();
    }
    return rubric.requirements().stream()
        .filter(r -> r.id().equals(criterion))
        .map(RubricRequirement::weight)
        .findFirst()
        .orElse(null);
  }

  private static void addPoints(Path judgment, Rubric rubric) {
    if (!Files.isRegularFile(judgment)) {
      return;
    }
    JsonNode root;
    try {
      root = ScyllaJson.mapper().readTree(judgment.toFile());
    } catch (IOException e) {
      throw new ResultFileException(judgment, "cannot be read: " + e.getMessage(), e);
    }
    JsonNode criteria = root.path("criteria_scores");
    if (!criteria.isObject()) {
      return;
    }
    boolean changed = false;
    for (Iterator<Map.Entry<String, JsonNode>> it = criteria.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Double points = points(rubric, e.getKey());
      if (!(e.getValue() instanceof ObjectNode c) || points == null) {
        continue;
      }
      double max = points;
      if (!c.has("max")) {
        c.put("max", max);
        changed = true;
      }
      if (!c.has("achieved") && c.path("score").isNumber()) {
        c.put("achieved", c.path("score").asDouble() * max);
        changed = true;
      }
      if (!c.has("items")) {
        c.putObject("items");
        changed = true;
      }
    }
    if (changed) {
      ResultFiles.writeJson(judgment, root);
    }
  }
}
