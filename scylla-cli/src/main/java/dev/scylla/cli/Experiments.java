package dev.scylla.cli;

import dev.scylla.api.Experiment;
import dev.scylla.api.InvalidSettingException;
import dev.scylla.core.model.ThinkingMode;
import dev.scylla.core.model.TierId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The experiment {@code scylla run}'s options describe, the same on the host and inside. */
final class Experiments {

  private Experiments() {}

  /**
   * The experiment of the options.
   *
   * @throws UserInputException for a tier that is not one
   */
  static Experiment from(ExperimentOptions o) {
    return from(o, o.fixture.tiersDir());
  }

  /** The experiment of the options for the test folder {@code tiersDir}. */
  static Experiment from(ExperimentOptions o, java.nio.file.Path tiersDir) {
    List<TierId> tiers = new ArrayList<>();
    for (String tier : o.tiers) {
      try {
        tiers.add(TierId.parse(tier));
      } catch (IllegalArgumentException e) {
        throw new UserInputException("--tiers " + tier + " is not a tier: use T0..T6");
      }
    }
    ThinkingMode thinking;
    try {
      thinking = o.thinking == null ? null : ThinkingMode.parse(o.thinking);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--thinking: " + e.getMessage());
    }
    try {
      return build(o, tiersDir, tiers, thinking);
    } catch (InvalidSettingException e) {
      throw new UserInputException(
          e.setting().flatMap(SettingsOptions::optionOf).orElse("a setting") + " " + e.problem());
    }
  }

  private static Experiment build(
      ExperimentOptions o, java.nio.file.Path tiersDir, List<TierId> tiers, ThinkingMode thinking) {
    return Experiment.builder(tiersDir)
        .sharedDir(o.fixture.sharedDir)
        .skillsDirs(o.fixture.skillsDirs)
        .thinking(thinking)
        .tiers(tiers)
        .runs(o.runs)
        .parallel(o.parallel)
        .timeoutSeconds(o.timeoutSeconds)
        .maxSubtests(o.maxSubtests)
        .maxTurns(o.maxTurns)
        .maxCostUsd(o.maxCost)
        .models(o.models)
        .judgeModel(o.judgeModel)
        .additionalJudgeModels(o.addJudges)
        .resultsDir(o.resultsDir)
        .repo(o.repo)
        .commit(o.commit)
        .prompt(o.prompt)
        .experimentId(o.experimentId)
        .configFile(o.config)
        .fresh(o.fresh)
        .judgeSystemPrompt(o.judgeSystemPrompt)
        .infraRetries(o.infraRetries)
        .rateLimitPause(Duration.ofSeconds(o.rateLimitPauseSeconds))
        .maxOutage(Duration.ofSeconds(o.maxOutageSeconds))
        .retryErrored(o.retryErrored)
        .until(o.until)
        .agent(o.agent)
        .judge(o.judge)
        .agentJars(o.jars.agentJars)
        .build();
  }
}
