package dev.scylla.core.internal.judge;

import dev.scylla.core.fixture.Rubric;
import dev.scylla.core.fixture.RubricCategory;
import dev.scylla.core.fixture.RubricItem;
import java.util.Locale;
import java.util.Map;

/** Builds the prompt every judge gets. */
public final class JudgePrompt {
  private JudgePrompt() {}

  /** The judge prompt for a run: task, criteria, rubric, agent output, workspace state, checks. */
  public static String build(String task, String criteria, Rubric rubric, JudgeContext ctx) {
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
              "### %s (weight %.2f, %s)\n",
              e.getKey(),
              c.weight(),
              c.scoringType().name().toLowerCase(Locale.ROOT)));
      for (RubricItem item : c.items()) {
        sb.append(
            String.format(
                Locale.ROOT, "- %s (%.2f points): %s", item.id(), item.points(), item.check()));
        if (item.naCondition() != null) {
          sb.append(" [N/A when: ").append(item.naCondition()).append(']');
        }
        sb.append('\n');
      }
      sb.append('\n');
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "Pass threshold: %.2f. Score each category in [0, 1] (items that are N/A do not"
                + " count), and the overall score as the weighted sum.\n\n",
            rubric.passThreshold()));
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
    sb.append("## Automatic checks\n\n");
    for (CheckResult c : ctx.checks()) {
      sb.append(c.render()).append('\n');
    }
    sb.append("\n## Answer\n\nAnswer with one JSON object and nothing else:\n")
        .append("{\"score\": <0.0-1.0>, \"passed\": <true|false>, \"grade\": \"<S|A|B|C|D|F>\",")
        .append(" \"reasoning\": \"<short justification>\", \"categories\": {\"<category>\":")
        .append(" {\"score\": <0.0-1.0>, \"explanation\": \"<why>\"}}}\n");
    return sb.toString();
  }
}
