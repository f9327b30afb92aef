package dev.scylla.core.internal.judge;

/**
 * One automatic check run on the agent's workspace before judging.
 *
 * @param name what was checked, e.g. {@code python3 -m compileall}
 * @param status PASS, FAIL, TIMEOUT or N/A
 * @param output the check's output, bounded
 */
public record CheckResult(String name, String status, String output) {

  /** Formats the check for the judge prompt. */
  public String render() {
    return "- "
        + name
        + ": "
        + status
        + (output.isBlank() ? "" : "\n```\n" + output.strip() + "\n```");
  }
}
