package dev.scylla.core.engine;

import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentOutcome;
import dev.scylla.core.agent.AgentRequest;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.SubTestSpec;
import dev.scylla.core.internal.judge.JudgeContext;
import dev.scylla.core.internal.judge.JudgePrompt;
import dev.scylla.core.internal.judge.PipelineResult;
import dev.scylla.core.internal.judge.VerdictParser;
import dev.scylla.core.internal.judge.WorkspaceChecks;
import dev.scylla.core.model.AgentResult;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.JudgeResult;
import dev.scylla.core.model.PipelineSummary;
import dev.scylla.core.results.ResultFiles;
import dev.scylla.core.results.ResultsLayout;
import dev.scylla.core.workspace.TaskPrompt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges one run: collects the workspace's context and checks, builds the judge prompt (with the
 * experiment's checks before the agent beside the run's), and asks every judge model of the
 * experiment for its verdict.
 */
final class Judging {
  private final Fixture fixture;
  private final ExperimentConfig config;
  private final AgentAdapter judge;
  private final AgentCalls calls;
  private final WorkspaceChecks checks;
  private final JudgeSystemPrompt systemPrompt;
  private final PipelineResult baseline;

  /**
   * Judging with the checks {@code checks} after each agent, compared with {@code baseline}, the
   * checks on the clean task commit (null when the experiment has none recorded).
   */
  Judging(
      Fixture fixture,
      ExperimentConfig config,
      AgentAdapter judge,
      AgentCalls calls,
      WorkspaceChecks checks,
      JudgeSystemPrompt systemPrompt,
      PipelineResult baseline) {
    this.fixture = fixture;
    this.config = config;
    this.judge = judge;
    this.calls = calls;
    this.checks = checks;
    this.systemPrompt = systemPrompt;
    this.baseline = baseline;
  }

  /** The summary of the checks before the agent that every run result carries, or null. */
  PipelineSummary baselineSummary() {
    return baseline == null ? null : baseline.summary();
  }

  /**
   * Every judge's result for the run, in judge order; {@code null} when a judge's login failed (the
   * experiment is stopping).
   */
  List<JudgeResult> judge(
      SubTestSpec spec,
      int run,
      ResultsLayout.Run files,
      String preparedCommit,
      AgentResult agentResult)
      throws InterruptedException {
    JudgeContext context =
        JudgeContext.collect(
            files.workspace(),
            preparedCommit,
            agentResult.result(),
            fixture.test().language(),
            checks,
            files.checksDir());
    String prompt =
        JudgePrompt.build(
            TaskPrompt.of(fixture.prompt(), spec),
            fixture.criteria(),
            fixture.rubric(),
            baseline,
            context);
    ResultFiles.writeText(files.judgePrompt(), prompt);
    ResultFiles.writeJson(
        files.judgePipeline(), PipelineResult.of(fixture.test().language(), context.checks()));
    ResultFiles.writeText(files.judgeDiff(), context.gitDiff());
    List<JudgeResult> results = new ArrayList<>();
    int n = 0;
    for (String model : config.judgeModels()) {
      n++;
      Path dir = files.judgeDir(n);
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new ExperimentException("cannot create " + dir + ": " + e.getMessage(), e);
      }
      AgentRequest request =
          new AgentRequest(
              AgentRequest.Role.JUDGE,
              spec.tier().name(),
              spec.id(),
              run,
              n,
              dir,
              prompt,
              model,
              1,
              Duration.ofSeconds(config.timeoutSeconds()),
              List.of(),
              null,
              dir,
              systemPrompt.text());
      AgentOutcome outcome = calls.call(judge, request);
      if (outcome == null) {
        return null;
      }
      JudgeResult result = verdict(model, n, outcome);
      ResultFiles.writeText(files.judgeResponse(n), outcome.resultText());
      ResultFiles.writeJson(files.judgment(n), result);
      results.add(result);
    }
    return results;
  }

  private JudgeResult verdict(String model, int n, AgentOutcome outcome) {
    Double cost = outcome.costUsd(model);
    if (outcome.isError()) {
      return JudgeResult.invalid(
          model,
          n,
          (outcome.timedOut() ? "judge timed out: " : "judge call failed: ")
              + EngineFiles.firstLine(outcome.resultText()),
          cost,
          outcome.tokenStats(),
          outcome.durationSeconds());
    }
    return VerdictParser.parse(
        model,
        n,
        outcome.resultText(),
        fixture.rubric(),
        cost,
        outcome.tokenStats(),
        outcome.durationSeconds());
  }
}
