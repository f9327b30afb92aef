package dev.scylla.core.internal.judge;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.scylla.core.model.PipelineSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The automatic checks of one workspace in the form ProjectScylla's {@code BuildPipelineResult}
 * has: four steps (build, format, test, pre-commit), each passed or not, N/A or not, with its
 * output, and whether all passed. Scylla keeps its own list of checks beside them ({@code checks})
 * and, for checks that could not be run at all, the reason ({@code not_run_reason}).
 *
 * <p>A step is N/A when every check of it is N/A (or it has none); as in ProjectScylla, an N/A step
 * counts as passed, so {@code all_passed} is false only when a check ran and failed or timed out.
 * Python's build step is the compilation and the scripts run; format is {@code ruff}; test is
 * {@code pytest}. Mojo's are {@code mojo build}, {@code mojo format} and {@code mojo test}.
 *
 * @param language the fixture's language
 * @param buildPassed whether the build step passed (or is N/A)
 * @param buildOutput the build step's checks and their output
 * @param buildNa whether the build step is N/A
 * @param formatPassed whether the format step passed (or is N/A)
 * @param formatOutput the format step's checks and their output
 * @param formatNa whether the format step is N/A
 * @param testPassed whether the test step passed (or is N/A)
 * @param testOutput the test step's checks and their output
 * @param testNa whether the test step is N/A
 * @param precommitPassed whether pre-commit passed (or is N/A)
 * @param precommitOutput pre-commit's output
 * @param precommitNa whether pre-commit is N/A
 * @param allPassed whether every step passed or is N/A
 * @param checks every check as Scylla ran it, in order
 * @param notRunReason why no check could be run at all, or null when they ran
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PipelineResult(
    String language,
    boolean buildPassed,
    String buildOutput,
    boolean buildNa,
    boolean formatPassed,
    String formatOutput,
    boolean formatNa,
    boolean testPassed,
    String testOutput,
    boolean testNa,
    boolean precommitPassed,
    String precommitOutput,
    boolean precommitNa,
    boolean allPassed,
    List<CheckResult> checks,
    String notRunReason) {

  /** Copies the checks and fills missing texts. */
  public PipelineResult {
    language = Objects.requireNonNullElse(language, "");
    buildOutput = Objects.requireNonNullElse(buildOutput, "");
    formatOutput = Objects.requireNonNullElse(formatOutput, "");
    testOutput = Objects.requireNonNullElse(testOutput, "");
    precommitOutput = Objects.requireNonNullElse(precommitOutput, "");
    checks = checks == null ? List.of() : List.copyOf(checks);
  }

  private enum Step {
    BUILD,
    FORMAT,
    TEST,
    PRE_COMMIT,
    NONE
  }

  /** The result of the checks {@code checks} of a workspace of {@code language}. */
  public static PipelineResult of(String language, List<CheckResult> checks) {
    StepSummary build = StepSummary.of(checks, Step.BUILD);
    StepSummary format = StepSummary.of(checks, Step.FORMAT);
    StepSummary test = StepSummary.of(checks, Step.TEST);
    StepSummary preCommit = StepSummary.of(checks, Step.PRE_COMMIT);
    return new PipelineResult(
        language,
        build.passed,
        build.output,
        build.na,
        format.passed,
        format.output,
        format.na,
        test.passed,
        test.output,
        test.na,
        preCommit.passed,
        preCommit.output,
        preCommit.na,
        build.passed && format.passed && test.passed && preCommit.passed,
        checks,
        null);
  }

  /** Checks that could not be run at all, for {@code reason}: every step N/A with that reason. */
  public static PipelineResult notRun(String language, String reason) {
    String text = "not run: " + reason;
    return new PipelineResult(
        language, true, text, true, true, text, true, true, text, true, true, text, true, true,
        List.of(), reason);
  }

  /** The four figures {@code run_result.json} carries as {@code baseline_pipeline_summary}. */
  public PipelineSummary summary() {
    return new PipelineSummary(allPassed, buildPassed, formatPassed, testPassed);
  }

  /** The check of this name, or null. */
  public CheckResult check(String name) {
    for (CheckResult c : checks) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    return null;
  }

  private static Step step(String name) {
    return switch (name) {
      case WorkspaceChecks.COMPILE, WorkspaceChecks.MOJO_BUILD -> Step.BUILD;
      case WorkspaceChecks.RUFF, WorkspaceChecks.MOJO_FORMAT -> Step.FORMAT;
      case WorkspaceChecks.PYTEST, WorkspaceChecks.MOJO_TEST -> Step.TEST;
      case WorkspaceChecks.PRE_COMMIT -> Step.PRE_COMMIT;
      // The scripts the agent created or changed are run as part of Python's build step.
      default -> name.startsWith("python3 ") ? Step.BUILD : Step.NONE;
    };
  }

  /** One step's figures from its checks. */
  private record StepSummary(boolean passed, boolean na, String output) {
    static StepSummary of(List<CheckResult> checks, Step step) {
      List<CheckResult> mine = new ArrayList<>();
      for (CheckResult c : checks) {
        if (step(c.name()) == step) {
          mine.add(c);
        }
      }
      if (mine.isEmpty()) {
        String reason =
            checks.stream()
                .filter(c -> step(c.name()) == Step.NONE)
                .map(CheckResult::output)
                .findFirst()
                .orElse("no check of this step");
        return new StepSummary(true, true, reason);
      }
      StringBuilder out = new StringBuilder();
      for (CheckResult c : mine) {
        if (mine.size() > 1) {
          out.append(out.length() == 0 ? "" : "\n").append(c.name()).append(": ");
          out.append(c.status()).append(c.output().isBlank() ? "" : "\n" + c.output());
        } else {
          out.append(c.output().isBlank() ? c.status() : c.output());
        }
      }
      return new StepSummary(
          mine.stream().noneMatch(CheckResult::failed),
          mine.stream().allMatch(CheckResult::notApplicable),
          out.toString());
    }
  }
}
