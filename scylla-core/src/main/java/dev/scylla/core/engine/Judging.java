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
import dev.scylla.core.model.TokenStats;
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

  /** How many times a judge is asked when its answers hold no verdict. */
  static final int JUDGE_TRIES = 3;

  /**
   * What the judges of one run gave.
   *
   * @param verdicts the judges that reached the model, in judge order (valid or not)
   * @param unreached how many judges never reached the model (infrastructure)
   */
  record Round(List<JudgeResult> verdicts, int unreached) {
    Round {
      verdicts = List.copyOf(verdicts);
    }

    /**
     * Whether the run awaits judgment: no judge gave a valid verdict, and at least one never
     * reached the model, so none may be taken for the run's score.
     */
    boolean awaiting() {
      return unreached > 0 && verdicts.stream().noneMatch(JudgeResult::valid);
    }
  }

  /**
   * Every judge's result for the run, in judge order; {@code null} when a judge's login failed (the
   * experiment is then stopping). A judge that never reached the model (the API unreachable,
   * failing or overloaded once its retries were used up) gives no result; a judge whose answer
   * holds no verdict is asked again, up to {@link #JUDGE_TRIES} times in all.
   */
  Round judge(
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
    int unreached = 0;
    int n = 0;
    for (String model : config.judgeModels()) {
      n++;
      Path dir = files.judgeDir(n);
      createDirectories(dir);
      List<JudgeResult> tries = new ArrayList<>();
      AgentOutcome outcome = null;
      for (int t = 1; t <= JUDGE_TRIES; t++) {
        Path logs = t == 1 ? dir : files.judgeTryDir(n, t);
        createDirectories(logs);
        String text = t == 1 ? prompt : prompt + REMINDER;
        AgentRequest request =
            new AgentRequest(
                AgentRequest.Role.JUDGE,
                spec.tier().name(),
                spec.id(),
                run,
                n,
                dir,
                text,
                model,
                1,
                Duration.ofSeconds(config.timeoutSeconds()),
                List.of(),
                null,
                logs,
                systemPrompt.text());
        outcome = calls.call(judge, request);
        if (outcome == null) {
          return null;
        }
        if (t > 1) {
          appendTranscript(dir, logs, t);
        }
        if (outcome.failureKind() != null && outcome.failureKind().infrastructure()) {
          break;
        }
        JudgeResult verdict = verdict(model, n, outcome);
        tries.add(verdict);
        if (verdict.valid() || outcome.isError()) {
          break;
        }
      }
      ResultFiles.writeText(files.judgeResponse(n), outcome.resultText());
      if (tries.isEmpty()) {
        // Never reached the model: no verdict, no entry in the run's result.
        unreached++;
        continue;
      }
      JudgeResult result = lastWithTotals(tries);
      ResultFiles.writeJson(files.judgment(n), result);
      results.add(result);
    }
    return new Round(results, unreached);
  }

  /** Added to the prompt when a judge is asked again: its answer must be the JSON verdict alone. */
  static final String REMINDER =
      "\n\n---\n\nYour previous answer held no verdict that could be read. Answer again with"
          + " only the JSON object the grading protocol asks for, and nothing around it:\n"
          + "{\"score\": <0.0-1.0>, \"passed\": <true|false>, \"grade\": \"<grade>\","
          + " \"reasoning\": \"<why>\", \"categories\": {\"<category>\": {\"score\": <0.0-1.0>,"
          + " \"explanation\": \"<why>\"}}}\n";

  /** The last try's verdict, with the cost, tokens and time of every try. */
  private static JudgeResult lastWithTotals(List<JudgeResult> tries) {
    JudgeResult last = tries.get(tries.size() - 1);
    if (tries.size() == 1) {
      return last;
    }
    Double cost = 0.0;
    double seconds = 0;
    for (JudgeResult r : tries) {
      cost = cost == null || r.costUsd() == null ? null : cost + r.costUsd();
      seconds += r.durationSeconds();
    }
    TokenStats tokens = TokenStats.sum(tries.stream().map(JudgeResult::tokenStats).toList());
    return new JudgeResult(
        last.model(),
        last.score(),
        last.passed(),
        last.grade(),
        last.reasoning(),
        last.judgeNumber(),
        last.criteriaScores(),
        last.valid(),
        last.valid() ? null : last.error() + " (asked " + tries.size() + " times)",
        cost,
        tokens,
        seconds,
        last.passedFromScore(),
        last.contradictsScore());
  }

  /** Appends try {@code t}'s transcript to the judge's, after a line that marks the try. */
  private static void appendTranscript(Path judgeDir, Path tryDir, int t) {
    Path from = tryDir.resolve(ResultsLayout.ADAPTER_TRANSCRIPT);
    if (!Files.exists(from)) {
      return;
    }
    try {
      Files.writeString(
          judgeDir.resolve(ResultsLayout.ADAPTER_TRANSCRIPT),
          "{\"type\":\"scylla_judge_try\",\"try\":" + t + "}\n" + Files.readString(from),
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new ExperimentException(
          "cannot append to the judge's transcript in " + judgeDir + ": " + e.getMessage(), e);
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ExperimentException("cannot create " + dir + ": " + e.getMessage(), e);
    }
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
