package dev.scylla.core.internal.judge;

import dev.scylla.core.internal.Git;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
    // One process for both the file list (raw part) and the patch: --patch-with-raw.
    String output =
        Git.run(workspace, "diff", "--cached", "--no-color", "--patch-with-raw", preparedCommit);
    int at = output.startsWith("diff --git") ? 0 : output.indexOf("\ndiff --git");
    String raw = at < 0 ? output : output.substring(0, at);
    String diff = at < 0 ? "" : output.substring(at == 0 ? 0 : at + 1);
    List<String[]> entries = new ArrayList<>();
    for (String line : lines(raw)) {
      if (!line.startsWith(":")) {
        continue;
      }
      // ":<mode> <mode> <sha> <sha> <status>\t<path>[\t<new path>]"
      String[] fields = line.split("\t");
      String[] meta = fields[0].split(" ");
      String code = meta[meta.length - 1];
      if (code.startsWith("R") && fields.length == 3) {
        // A rename counts as the deletion of the old path and the addition of the new one.
        entries.add(new String[] {"D", fields[1]});
        entries.add(new String[] {"A", fields[2]});
      } else if (fields.length >= 2) {
        entries.add(new String[] {code.substring(0, 1), fields[fields.length - 1]});
      }
    }
    entries.sort(Comparator.comparing((String[] e) -> e[1]));
    List<String> deleted = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    StringBuilder status = new StringBuilder();
    for (String[] e : entries) {
      (e[0].equals("D") ? deleted : changed).add(e[1]);
      status.append(e[0]).append("  ").append(e[1]).append('\n');
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
