package dev.scylla.cli;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options that describe the experiment: fixture, tiers, runs, models, results. Each sets one
 * setting of the experiment's settings document; the defaults are the document's ({@link
 * SettingsOptions}), never written here.
 */
public final class ExperimentOptions {

  @Mixin FixtureOptions fixture = new FixtureOptions();

  @Option(
      names = "--tiers",
      split = ",",
      paramLabel = "T0,T1",
      description = "Tiers to run (default: the test's tiers).")
  List<String> tiers = new ArrayList<>();

  @Option(names = "--runs", paramLabel = "N", description = "Runs per sub-test (default 10).")
  Integer runs;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      description = "Sub-tests run at once (default 4).")
  Integer parallel;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "Wall-clock limit of one agent run (default: the test's, else 3600).")
  Integer timeoutSeconds;

  @Option(
      names = "--max-subtests",
      paramLabel = "N",
      description = "Run at most N sub-tests per tier.")
  Integer maxSubtests;

  @Option(names = "--max-turns", paramLabel = "N", description = "Turn limit of one agent run.")
  Integer maxTurns;

  @Option(
      names = "--max-cost",
      paramLabel = "USD",
      description = "Budget of the experiment's agent cost; no run starts once it is spent.")
  BigDecimal maxCost;

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      description =
          "Model of the agent under test (repeatable; default claude-sonnet-4-6). The aliases"
              + " sonnet, opus, haiku and sonnet-4.6-style short forms become full ids.")
  List<String> models = new ArrayList<>();

  @Option(
      names = "--judge-model",
      paramLabel = "MODEL",
      description = "Model of the judge (default claude-opus-4-6; aliases as for --model).")
  String judgeModel;

  @Option(
      names = "--thinking",
      paramLabel = "MODE",
      description =
          "How hard the agent is asked to think: None (default), Low, High or UltraThink (its"
              + " keyword before the prompt; thinking on in a main-layout workspace's settings).")
  String thinking;

  @Option(
      names = "--add-judge",
      paramLabel = "MODEL",
      description = "An additional judge model (repeatable; consensus by majority).")
  List<String> addJudges = new ArrayList<>();

  @Option(
      names = "--results-dir",
      paramLabel = "DIR",
      description = "Where results go (default: ${DEFAULT-VALUE}).")
  Path resultsDir;

  @Option(
      names = "--repo",
      paramLabel = "URL|PATH",
      description = "Task repository (default: the test's source.repo).")
  String repo;

  @Option(names = "--commit", paramLabel = "SHA", description = "Task commit.")
  String commit;

  @Option(names = "--prompt", paramLabel = "FILE", description = "Task prompt file.")
  Path prompt;

  @Option(names = "--experiment-id", paramLabel = "ID", description = "Experiment id.")
  String experimentId;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Experiment settings in YAML (below the command line in precedence).")
  Path config;

  @Option(
      names = "--fresh",
      description = "Start over instead of resuming an experiment of the same id.")
  boolean fresh;

  @Option(
      names = "--judge-system-prompt",
      paramLabel = "FILE",
      description =
          "System prompt of the judges (default: config/judge/system_prompt.md of the"
              + " ProjectScylla checkout the fixture lies in, else Scylla's own).")
  Path judgeSystemPrompt;

  @Option(
      names = "--infra-retries",
      paramLabel = "N",
      description =
          "How often a call that met the API unreachable, timing out, overloaded or failing"
              + " runs again (an agent in a fresh workspace) before its run is recorded as errored,"
              + " never scored (default: ${DEFAULT-VALUE}). Calls that meet an outage do not count.")
  int infraRetries;

  @Option(
      names = "--max-outage",
      paramLabel = "SECONDS",
      description =
          "After 3 calls in a row could not reach the API, no new call starts and the API is"
              + " probed (every 15 s, then 30 s, then every minute) until it answers. An outage"
              + " longer than this ends the experiment with exit 3, resumable (default:"
              + " ${DEFAULT-VALUE}).")
  long maxOutageSeconds;

  @Option(
      names = "--retry-errored",
      description =
          "Also run again the runs that errored for another reason than the API (a timeout, a"
              + " crash, no verdict). Runs errored on the API always run again on resume; passed"
              + " and failed runs never do.")
  boolean retryErrored;

  @Option(
      names = "--until",
      paramLabel = "PHASE",
      description =
          "Stop after a phase: agent_complete runs every agent and judges nothing; the same"
              + " command without --until (or scylla rejudge) judges them later without running"
              + " the agents again.")
  String until;

  @Option(
      names = "--rate-limit-pause",
      paramLabel = "SECONDS",
      description =
          "Pause after a rate limit that names no reset time (default: ${DEFAULT-VALUE}).")
  int rateLimitPauseSeconds;

  @Option(
      names = "--agent",
      paramLabel = "NAME[:ARG]",
      description =
          "The runner of the agent under test: claude-code, scripted:FILE, or a runner of an"
              + " --agent-jar (default: ${DEFAULT-VALUE}).")
  String agent;

  @Option(
      names = "--judge",
      paramLabel = "NAME[:ARG]",
      description =
          "The runner of the judges (default: the agent's runner when it can judge, as"
              + " scripted:FILE does, else claude-code).")
  String judge;

  @Mixin AgentJarOptions jars = new AgentJarOptions();
}
