package dev.scylla.core.judge;

import dev.scylla.core.internal.Git;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What a judge sees of a run besides the rubric and criteria: the agent's final text, the
 * workspace's git status and diff against the prepared configuration (bounded), the deleted files,
 * and the automatic checks.
 *
 * @param agentOutput the agent's final text
 * @param gitStatus status of each file the agent added (A), modified (M) or deleted (D)
 * @param gitDiff the diff of the agent's changes, bounded
 * @param deletedFiles files the agent deleted
 * @param changedFiles files the agent created or modified
 * @param checks results of the language's automatic checks
 */
public record JudgeContext(
    String agentOutput,
    String gitStatus,
    String gitDiff,
    List<String> deletedFiles,
    List<String> changedFiles,
    List<CheckResult> checks) {
  static final int MAX_DIFF = 30_000;

  /** Copies the lists. */
  public JudgeContext {
    deletedFiles = List.copyOf(deletedFiles);
    changedFiles = List.copyOf(changedFiles);
    checks = List.copyOf(checks);
  }

  /**
   * Collects the context of a finished run in {@code workspace}, diffing against {@code
   * preparedCommit}, running the {@code language} checks with logs in {@code scratch}.
   */
  public static JudgeContext collect(
      Path workspace,
      String preparedCommit,
      String agentOutput,
      String language,
      WorkspaceChecks checks,
      Path scratch)
      throws InterruptedException {
    // Staged against the prepared commit before the checks run, so the checks never show up as
    // the agent's changes, and commits the agent made itself still count.
    Git.run(workspace, "add", "-A");
    String diff = Git.run(workspace, "diff", "--cached", "--no-color", preparedCommit);
    List<String> deleted = new java.util.ArrayList<>();
    List<String> changed = new java.util.ArrayList<>();
    StringBuilder status = new StringBuilder();
    for (String line :
        lines(
            Git.run(
                workspace, "diff", "--cached", "--name-status", "--no-renames", preparedCommit))) {
      String[] parts = line.split("\t", 2);
      if (parts.length == 2) {
        (parts[0].startsWith("D") ? deleted : changed).add(parts[1]);
        status.append(parts[0]).append("  ").append(parts[1]).append('\n');
      }
    }
    if (diff.length() > MAX_DIFF) {
      diff = diff.substring(0, MAX_DIFF) + "\n[... diff truncated at " + MAX_DIFF + " characters]";
    }
    List<CheckResult> results = checks.run(language, workspace, changed, scratch);
    return new JudgeContext(agentOutput, status.toString(), diff, deleted, changed, results);
  }

  private static List<String> lines(String s) {
    return Arrays.stream(s.split("\n")).map(String::strip).filter(l -> !l.isEmpty()).toList();
  }
}
