package dev.scylla.core.internal.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scylla.core.fixture.Rubric;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.model.CriterionScore;
import dev.scylla.core.model.JudgeResult;
import dev.scylla.core.model.TokenStats;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a judge's text into a {@link JudgeResult}: code fences stripped, the score clamped to [0,
 * 1], the grade taken from the rubric's scale. The judge's own {@code passed} is the verdict, as in
 * ProjectScylla; when it is missing, score &gt;= pass threshold stands in (recorded as {@code
 * passed_from_score}), and when it disagrees with the score and threshold the verdict stands and
 * the disagreement is recorded ({@code contradicts_score}). Text without a usable verdict gives an
 * invalid result, never an invented score.
 */
public final class VerdictParser {
  private static final ObjectMapper JSON = ScyllaJson.mapper();

  private VerdictParser() {}

  /** Parses {@code raw}; costs, tokens and duration are the judge call's. */
  public static JudgeResult parse(
      String model,
      int judgeNumber,
      String raw,
      Rubric rubric,
      Double costUsd,
      TokenStats tokens,
      double durationSeconds) {
    JsonNode verdict = extract(raw);
    if (verdict == null || !verdict.path("score").isNumber()) {
      String head = raw.strip();
      head = head.length() > 200 ? head.substring(0, 200) + "..." : head;
      return JudgeResult.invalid(
          model,
          judgeNumber,
          "unparseable judge output (no JSON object with a numeric score): "
              + (head.isEmpty() ? "<empty>" : head),
          costUsd,
          tokens,
          durationSeconds);
    }
    double score = clamp(verdict.get("score").asDouble());
    Map<String, CriterionScore> criteria = new LinkedHashMap<>();
    JsonNode passedNode = verdict.get("passed");
    boolean byScore = rubric.passes(score);
    boolean fromScore = passedNode == null || !passedNode.isBoolean();
    boolean passed = fromScore ? byScore : passedNode.asBoolean();
    JsonNode scores =
        verdict.path("categories").isObject()
            ? verdict.path("categories")
            : verdict.path("requirements");
    Iterator<Map.Entry<String, JsonNode>> it = scores.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v.isNumber()) {
        criteria.put(e.getKey(), new CriterionScore(clamp(v.asDouble()), ""));
      } else if (v.isObject()) {
        Double s = v.path("score").isNumber() ? clamp(v.get("score").asDouble()) : null;
        criteria.put(e.getKey(), new CriterionScore(s, v.path("explanation").asText("")));
      }
    }
    return new JudgeResult(
        model,
        score,
        passed,
        rubric.grade(score),
        verdict.path("reasoning").asText(""),
        judgeNumber,
        criteria,
        true,
        null,
        costUsd,
        tokens,
        durationSeconds,
        fromScore,
        passed != byScore);
  }

  private static double clamp(double v) {
    if (Double.isNaN(v)) {
      return 0;
    }
    return Math.max(0, Math.min(1, v));
  }

  /** The JSON object in a text: fences stripped, then from the first '{' to the last '}'. */
  static JsonNode extract(String raw) {
    String s = raw.strip();
    if (s.startsWith("```")) {
      int nl = s.indexOf('\n');
      s = nl < 0 ? "" : s.substring(nl + 1);
      int end = s.lastIndexOf("```");
      if (end >= 0) {
        s = s.substring(0, end);
      }
    }
    int open = s.indexOf('{');
    int close = s.lastIndexOf('}');
    if (open < 0 || close < open) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(s.substring(open, close + 1));
      return n != null && n.isObject() ? n : null;
    } catch (IOException e) {
      return null;
    }
  }
}
