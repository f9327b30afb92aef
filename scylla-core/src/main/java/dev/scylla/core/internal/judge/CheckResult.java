package dev.scylla.core.internal.judge;

/**
 * One automatic check run on a workspace: the agent's before judging, or the clean task commit's
 * once before the first agent.
 *
 * @param name what was checked, e.g. {@code python3 -m compileall}
 * @param status PASS, FAIL (exit N), TIMEOUT or N/A
 * @param output the check's output, bounded (for N/A: the reason)
 */
public record CheckResult(String name, String status, String output) {

  /** Fills a missing output with the empty text. */
  public CheckResult {
    java.util.Objects.requireNonNull(name, "name");
    java.util.Objects.requireNonNull(status, "status");
    output = output == null ? "" : output;
  }

  /** Whether the check ran and did not pass (it failed or timed out). */
  public boolean failed() {
    return status.startsWith("FAIL") || status.equals("TIMEOUT");
  }

  /** Whether the check did not apply (its tool is missing, nothing to check). */
  public boolean notApplicable() {
    return status.equals("N/A");
  }

  /** Formats the check for the judge prompt. */
  public String render() {
    return render("");
  }

  /** Formats the check for the judge prompt with {@code note} after its status. */
  public String render(String note) {
    return "- "
        + name
        + ": "
        + status
        + note
        + (output.isBlank() ? "" : "\n```\n" + output.strip() + "\n```");
  }
}
