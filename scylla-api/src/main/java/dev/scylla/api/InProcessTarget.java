package dev.scylla.api;

import dev.scylla.api.internal.BothListeners;
import dev.scylla.api.internal.PreparedExperiment;
import dev.scylla.api.internal.ProgressTracker;
import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.engine.ExperimentListener;
import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.engine.ExperimentRunner;
import dev.scylla.core.model.Provenance;
import dev.scylla.credentials.CredentialGuard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs an experiment with the engine in this JVM. This is what the Scylla inside the runner
 * container does; on a host it runs the agents as the host's user, with whatever is installed
 * there, and is meant for runners that need no isolation (the scripted one, a runner of one's own)
 * and for tests.
 *
 * <p>The environment (default: this process's) gives {@link ScyllaImage#CLAUDE_BIN_ENV} (the Claude
 * Code binary), {@code CLAUDE_CONFIG_DIR} (guarded after every agent call, as staged credentials
 * are), {@code ANTHROPIC_API_KEY} (recorded as the login kind), {@code PATH} (the {@code python3}
 * of the automatic checks) and the runner image's provenance variables.
 */
public final class InProcessTarget implements Target {

  private Map<String, String> env = System.getenv();
  private RunListener listener = RunListener.none();
  private ExperimentListener engineListener = ExperimentListener.NONE;
  private final AtomicReference<ExperimentRunner> running = new AtomicReference<>();
  private final AtomicBoolean stopRequested = new AtomicBoolean();

  InProcessTarget() {}

  /** The environment the runners and the provenance read (default: this process's). */
  public InProcessTarget environment(Map<String, String> env) {
    this.env = Map.copyOf(env);
    return this;
  }

  /** Where progress reports go. */
  public InProcessTarget listener(RunListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /** The engine's own events too (every run's result as it finishes), after the progress. */
  public InProcessTarget engineListener(ExperimentListener listener) {
    this.engineListener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  @Override
  public ExperimentOutcome run(Experiment experiment) throws InterruptedException {
    PreparedExperiment prepared = PreparedExperiment.of(experiment);
    AgentAdapter agent = prepared.agent(env);
    AgentAdapter judge = prepared.judge(env, agent);
    String claudeBinary = ScyllaImage.claudeBinaryFrom(env);
    ProgressTracker tracker = new ProgressTracker(listener::progress);
    ExperimentRunner runner =
        ExperimentRunner.builder()
            .fixture(prepared.fixture())
            .config(prepared.config())
            .resultsRoot(experiment.resultsDir())
            .agent(agent)
            .judge(judge)
            .fresh(experiment.fresh())
            .listener(
                engineListener == ExperimentListener.NONE
                    ? tracker
                    : new BothListeners(tracker, engineListener))
            .afterAgentCall(() -> CredentialGuard.guardConfigDirOf(env))
            .judgeSystemPrompt(prepared.judgeSystemPrompt())
            .infraRetries(experiment.infraRetries())
            .rateLimitPause(experiment.rateLimitPause())
            .maxOutage(experiment.maxOutage())
            .retryErrored(experiment.retryErrored())
            .agentsOnly(experiment.until().isPresent())
            .networkMode(env.get(RunnerContainer.NETWORK_ENV))
            .provenance(
                Scylla.version(),
                env.getOrDefault(RunnerContainer.IMAGE_ID_ENV, ""),
                env.getOrDefault(RunnerContainer.IMAGE_HASH_ENV, ""),
                prepared.runsClaudeCode() ? claudeVersion(claudeBinary) : "not run")
            .login(login(prepared.runsClaudeCode(), env))
            .python(pythonExecutable(env))
            .pythonVersion(pythonVersion(env))
            .build();
    running.set(runner);
    if (stopRequested.get()) {
      runner.requestStop();
    }
    ExperimentOutcome outcome;
    try {
      outcome = runner.run();
    } finally {
      running.set(null);
    }
    tracker.finished(outcome.status().name(), outcome.message());
    return outcome;
  }

  @Override
  public void requestStop() {
    stopRequested.set(true);
    ExperimentRunner runner = running.get();
    if (runner != null) {
      runner.requestStop();
    }
  }

  /**
   * How the Claude Code agent logs in: an {@code ANTHROPIC_API_KEY} in the environment wins over a
   * subscription login, which Claude Code takes from the staged credentials or {@code
   * CLAUDE_CODE_OAUTH_TOKEN}; null when neither the agent nor the judges run Claude Code.
   */
  static String login(boolean runsClaudeCode, Map<String, String> env) {
    if (!runsClaudeCode) {
      return null;
    }
    String key = env.get("ANTHROPIC_API_KEY");
    return key != null && !key.isBlank() ? Provenance.LOGIN_API_KEY : Provenance.LOGIN_OAUTH;
  }

  /** The first line {@code claude --version} prints, or "unknown". */
  public static String claudeVersion(String binary) {
    return firstLineOf(binary, "--version");
  }

  /**
   * The version of the {@code python3} the automatic checks run (e.g. {@code 3.14.2}), or
   * "unknown".
   */
  public static String pythonVersion(Map<String, String> env) {
    String line = firstLineOf(pythonExecutable(env), "--version");
    return line.startsWith("Python ") ? line.substring("Python ".length()).strip() : line;
  }

  /**
   * The {@code python3} of the automatic checks: the first on the PATH (a user may put a venv
   * first), else the image's own, so that a PATH without it still works.
   */
  public static String pythonExecutable(Map<String, String> env) {
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(":")) {
      if (!dir.isBlank() && Files.isExecutable(Path.of(dir, "python3"))) {
        return Path.of(dir, "python3").toString();
      }
    }
    for (String candidate : List.of("/usr/local/bin/python3", "/usr/bin/python3")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return "python3";
  }

  /** The first line a short command prints, or "unknown" when it cannot run or hangs. */
  static String firstLineOf(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return "unknown";
      }
      String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return text.lines().findFirst().map(String::strip).orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
