package dev.scylla.core.engine;

import dev.scylla.core.agent.FailureKind;
import dev.scylla.core.internal.metrics.Consensus;
import dev.scylla.core.internal.metrics.Metrics;
import dev.scylla.core.model.AgentResult;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.model.Grade;
import dev.scylla.core.model.JudgeResult;
import dev.scylla.core.model.PipelineSummary;
import dev.scylla.core.model.Provenance;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.model.TierResult;
import dev.scylla.core.results.ResultsLayout;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Turns what a run, a sub-test and the experiment produced into their result records. */
final class ResultAssembly {
  private ResultAssembly() {}

  /**
   * The result of one run from its agent result, its judges' verdicts and the summary of the
   * experiment's checks before the agent (null when there is none).
   */
  static RunResult runResult(
      int run,
      AgentResult agent,
      List<JudgeResult> judges,
      ResultsLayout.Run files,
      Map<Grade, Double> gradeScale,
      PipelineSummary baseline) {
    Consensus consensus = Consensus.of(judges, gradeScale);
    double judgeSeconds = judges.stream().mapToDouble(JudgeResult::durationSeconds).sum();
    return new RunResult(
        run,
        agent.exitCode(),
        agent.tokenStats(),
        agent.costUsd(),
        agent.durationSeconds() + judgeSeconds,
        agent.durationSeconds(),
        judgeSeconds,
        consensus.score(),
        consensus.passed(),
        consensus.grade(),
        consensus.reasoning(),
        judges,
        files.workspace().toString(),
        files.agentDir().toString(),
        files.agentReplay().toString(),
        consensus.criteriaScores(),
        judgeCost(judges),
        error(agent, judges),
        baseline);
  }

  /**
   * Whether the agent's call ended on an infrastructure error ({@link
   * FailureKind#infrastructure()}) once its retries were used up.
   */
  static boolean infrastructureFailure(AgentResult agent) {
    return infrastructureKind(agent.failureKind());
  }

  /** Whether a recorded failure kind ({@code connection}, {@code server_error}...) is the API's. */
  static boolean infrastructureKind(String kind) {
    if (kind == null) {
      return false;
    }
    try {
      return FailureKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT)).infrastructure();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Why a run errored (its agent failed, or a judge gave no valid verdict), or null. */
  static String error(AgentResult agent, List<JudgeResult> judges) {
    if (infrastructureFailure(agent)) {
      return "agent errored ("
          + agent.failureKind()
          + ", retries used up): "
          + EngineFiles.firstLine(agent.result());
    }
    if (!agent.succeeded()) {
      return "agent "
          + (agent.timedOut() ? "timed out" : "failed")
          + ": "
          + EngineFiles.firstLine(agent.result());
    }
    for (JudgeResult j : judges) {
      if (!j.valid()) {
        return "judge "
            + j.judgeNumber()
            + " ("
            + j.model()
            + "): "
            + EngineFiles.firstLine(j.error());
      }
    }
    return null;
  }

  /**
   * The cost of a run's judge calls: 0 when there was none (a missing figure would make every total
   * unknown), unknown when any call's cost is unknown, else their sum.
   */
  static Double judgeCost(List<JudgeResult> judges) {
    double sum = 0;
    for (JudgeResult j : judges) {
      if (j.costUsd() == null) {
        return null;
      }
      sum += j.costUsd();
    }
    return sum;
  }

  /**
   * The experiment's result. {@code durationSeconds} spans every session of a resumed experiment;
   * the completion time is set only once it completed.
   */
  static ExperimentResult experimentResult(
      ExperimentConfig config,
      Provenance provenance,
      Map<TierId, TierResult> tiers,
      Instant start,
      Instant end,
      double durationSeconds,
      ExperimentStatus status) {
    Provenance p = provenance;
    Provenance withModels =
        (p == null ? new Provenance(null, null, null, null, null, null) : p)
            .withModels(config.models(), config.judgeModels());
    String stopReason =
        switch (status) {
          case COMPLETED -> null;
          case INTERRUPTED -> "interrupted";
          case AUTH_FAILED -> "auth_failed";
          case BUDGET_EXHAUSTED -> "budget_exhausted";
          case API_UNREACHABLE -> "api_unreachable";
        };
    ExperimentResult base =
        Metrics.experimentResult(config, tiers, start, end, withModels, stopReason);
    return base.withTiming(durationSeconds, status == ExperimentStatus.COMPLETED ? end : null);
  }
}
