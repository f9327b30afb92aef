package dev.scylla.core.internal.judge;

import dev.scylla.core.fixture.Rubric;
import dev.scylla.core.fixture.RubricCategory;
import dev.scylla.core.fixture.RubricItem;
import dev.scylla.core.fixture.RubricRequirement;
import dev.scylla.core.internal.ScyllaJson;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the prompt every judge gets. */
public final class JudgePrompt {
  private JudgePrompt() {}

  private static String number(double d) {
    return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  /** An item's other fields, each on an indented line: lists as sub-items, maps as JSON. */
  private static void otherFields(StringBuilder sb, Map<String, Object> fields, String indent) {
    for (Map.Entry<String, Object> f : fields.entrySet()) {
      Object v = f.getValue();
      if (v instanceof List<?> list
          && list.stream().noneMatch(x -> x instanceof Map || x instanceof List)) {
        sb.append(indent).append("- ").append(f.getKey()).append(":\n");
        for (Object x : list) {
          sb.append(indent).append("  - ").append(x).append('\n');
        }
      } else if (v instanceof Map || v instanceof List) {
        sb.append(indent).append("- ").append(f.getKey()).append(": ").append(json(v)).append('\n');
      } else {
        sb.append(indent).append("- ").append(f.getKey()).append(": ").append(v).append('\n');
      }
    }
  }

  /** The section on the checks run once on the clean task commit, before any agent. */
  private static void beforeTheAgent(StringBuilder sb, PipelineResult baseline) {
    sb.append("## Automatic checks before the agent\n\n");
    if (baseline == null) {
      sb.append("Not recorded for this experiment: judge the checks after the agent on their")
          .append(" own.\n\n");
      return;
    }
    if (baseline.notRunReason() != null) {
      sb.append("Could not be run (")
          .append(baseline.notRunReason().strip())
          .append("): judge the checks after the agent on their own.\n\n");
      return;
    }
    sb.append("The same checks, run once on a clean checkout of the task commit before any agent")
        .append(" worked on it (without the sub-test's configuration). A check that fails here")
        .append(" was already failing before the agent started.\n\n");
    for (CheckResult c : baseline.checks()) {
      sb.append(c.render()).append('\n');
    }
    sb.append('\n');
  }

  /** How a check after the agent compares with the same check before it, or nothing. */
  static String compared(CheckResult after, PipelineResult baseline) {
    CheckResult before = baseline == null ? null : baseline.check(after.name());
    if (before == null || before.notApplicable() || after.notApplicable()) {
      return "";
    }
    if (before.failed() && after.failed()) {
      return " (already failing before the agent)";
    }
    if (after.failed()) {
      return " (passed before the agent: a regression)";
    }
    if (before.failed()) {
      return " (failed before the agent: fixed)";
    }
    return "";
  }

  private static String json(Object v) {
    try {
      return ScyllaJson.mapper()
          .writer()
          .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(v);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return String.valueOf(v);
    }
  }

  /**
   * The judge prompt for a run: the task as the agent got it, criteria, the rubric with every field
   * of every item, agent output, workspace state, the checks before the agent ({@code baseline},
   * null when the experiment has none recorded) and after it.
   */
  public static String build(
      String task, String criteria, Rubric rubric, PipelineResult baseline, JudgeContext ctx) {
    StringBuilder sb = new StringBuilder();
    sb.append("You are an expert evaluator of AI coding agents. Grade the agent's work on the task")
        .append(" below against the evaluation criteria and the rubric. Base the grade on the")
        .append(
            " evidence (workspace diff, file list, check results), not on the agent's claims.\n\n");
    sb.append("## Task given to the agent\n\n").append(task.strip()).append("\n\n");
    sb.append("## Evaluation criteria\n\n").append(criteria.strip()).append("\n\n");
    sb.append("## Rubric\n\n");
    for (Map.Entry<String, RubricCategory> e : rubric.categories().entrySet()) {
      RubricCategory c = e.getValue();
      sb.append(
          String.format(
              Locale.ROOT,
              "### %s (weight %s, %s)\n",
              e.getKey(),
              number(c.weight()),
              c.scoringType().name().toLowerCase(Locale.ROOT)));
      otherFields(sb, c.otherFields(), "");
      for (RubricItem item : c.items()) {
        sb.append(
            String.format(
                Locale.ROOT,
                "- %s (%s points): %s",
                item.id(),
                number(item.points()),
                item.check()));
        if (item.naCondition() != null) {
          sb.append(" [N/A when: ").append(item.naCondition()).append(']');
        }
        sb.append('\n');
        otherFields(sb, item.otherFields(), "  ");
      }
      sb.append('\n');
    }
    if (!rubric.requirements().isEmpty()) {
      sb.append("### Requirements\n");
      for (RubricRequirement r : rubric.requirements()) {
        sb.append(
            String.format(
                Locale.ROOT,
                "- %s (weight %s, %s): %s\n",
                r.id(),
                number(r.weight()),
                r.evaluation().name().toLowerCase(Locale.ROOT),
                r.description()));
        otherFields(sb, r.otherFields(), "  ");
      }
      sb.append('\n');
    }
    if (!rubric.otherFields().isEmpty()) {
      sb.append("### Other rubric fields\n");
      otherFields(sb, rubric.otherFields(), "");
      sb.append('\n');
    }
    String scored =
        rubric.categories().isEmpty()
            ? "Score each requirement in [0, 1] (binary ones 0 or 1), and the overall score as"
                + " their weighted mean"
            : rubric.requirements().isEmpty()
                ? "Score each category in [0, 1] (items that are N/A do not count), and the overall"
                    + " score as the weighted sum"
                : "Score each category and each requirement in [0, 1], and the overall score from"
                    + " their weights";
    sb.append(
        String.format(
            Locale.ROOT,
            "Pass threshold: %.2f. %s. Say whether the run passed.\n\n",
            rubric.passThreshold(),
            scored));
    sb.append("## Agent's final output\n\n```\n")
        .append(ctx.agentOutput().strip())
        .append("\n```\n\n");
    sb.append(
            "## Workspace after the run\n\nFiles changed by the agent (git status: A added, M modified, D deleted):\n```\n")
        .append(ctx.gitStatus().isBlank() ? "(clean: no changes)" : ctx.gitStatus().strip())
        .append("\n```\n\nDeleted files: ")
        .append(ctx.deletedFiles().isEmpty() ? "none" : String.join(", ", ctx.deletedFiles()))
        .append("\n\n`git diff` of the agent's changes:\n```diff\n")
        .append(ctx.gitDiff().isBlank() ? "(empty)" : ctx.gitDiff().strip())
        .append("\n```\n\n");
    beforeTheAgent(sb, baseline);
    sb.append("## Automatic checks after the agent\n\n");
    for (CheckResult c : ctx.checks()) {
      sb.append(c.render(compared(c, baseline))).append('\n');
    }
    sb.append("\n## Answer\n\nAnswer with one JSON object and nothing else:\n")
        .append("{\"score\": <0.0-1.0>, \"passed\": <true|false>, \"grade\": \"<S|A|B|C|D|F>\",")
        .append(" \"reasoning\": \"<short justification>\", \"categories\": {\"<category>\":")
        .append(" {\"score\": <0.0-1.0>, \"explanation\": \"<why>\"}}")
        .append(
            rubric.requirements().isEmpty()
                ? ""
                : ", \"requirements\": {\"<id>\": {\"score\": <0.0-1.0>, \"explanation\": \"<why>\"}}")
        .append("}\n");
    return sb.toString();
  }
}
