package dev.scylla.cli;

import dev.scylla.cli.internal.Progress;
import dev.scylla.cli.internal.ProgressPrinter;
import dev.scylla.cli.internal.ProgressTracker;
import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.engine.ExperimentRunner;
import dev.scylla.core.engine.ExperimentStatus;
import dev.scylla.core.engine.JudgeSystemPrompt;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.Provenance;
import dev.scylla.credentials.CredentialGuard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code scylla run} inside the runner image: runs the experiment with the engine, guarding the
 * staged credentials after every agent call.
 */
final class InsideRun implements Callable<Integer> {

  /** Set by the host: report progress as protocol lines and leave the summary to the host. */
  static final String HOST_PROTOCOL_ENV = "SCYLLA_HOST_PROTOCOL";

  /** The Claude Code executable to run instead of {@code claude} on PATH. */
  static final String CLAUDE_BIN_ENV = "SCYLLA_CLAUDE_BIN";

  static final String IMAGE_ID_ENV = "SCYLLA_IMAGE_ID";
  static final String IMAGE_HASH_ENV = "SCYLLA_IMAGE_HASH";

  /** The runner container's network mode, as the host chose it (for the provenance). */
  static final String NETWORK_ENV = "SCYLLA_NETWORK_MODE";

  private static final Logger log = LoggerFactory.getLogger(InsideRun.class);

  private final Console console;
  private final ExperimentOptions options;
  private final Map<String, String> env;

  InsideRun(Console console, ExperimentOptions options) {
    this(console, options, System.getenv());
  }

  InsideRun(Console console, ExperimentOptions options, Map<String, String> env) {
    this.console = console;
    this.options = options;
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() throws InterruptedException {
    Experiments.Prepared prepared = Experiments.prepare(options);
    Fixture fixture = prepared.fixture();
    ExperimentConfig config = prepared.config();

    String claudeBinary = env.getOrDefault(CLAUDE_BIN_ENV, "claude");
    // The specs were checked by Experiments.prepare. Agent and judge share an adapter when they
    // name the same runner: the request carries the model, and adapters hold no per-call state.
    AgentAdapter agent = prepared.agent(env);
    AgentAdapter judge = prepared.judge(env, agent);

    boolean hostProtocol = "1".equals(env.get(HOST_PROTOCOL_ENV));
    Consumer<Progress> sink =
        hostProtocol
            ? p -> {
              console.out().println(p.toLine());
              console.out().flush();
            }
            : new ProgressPrinter(console.err(), console.terminal(), console.quiet());

    ExperimentRunner runner =
        ExperimentRunner.builder()
            .fixture(fixture)
            .config(config)
            .resultsRoot(options.resultsDir.toAbsolutePath())
            .agent(agent)
            .judge(judge)
            .fresh(options.fresh)
            .listener(new ProgressTracker(sink))
            .afterAgentCall(this::guardCredentials)
            .judgeSystemPrompt(judgeSystemPrompt(options, fixture))
            .infraRetries(options.infraRetries)
            .rateLimitPause(Duration.ofSeconds(options.rateLimitPauseSeconds))
            .networkMode(env.get(NETWORK_ENV))
            .provenance(
                ScyllaCli.version(),
                env.getOrDefault(IMAGE_ID_ENV, ""),
                env.getOrDefault(IMAGE_HASH_ENV, ""),
                prepared.runsClaudeCode() ? claudeVersion(claudeBinary) : "not run")
            .login(login(prepared.runsClaudeCode(), env))
            .python(pythonExecutable(env))
            .pythonVersion(pythonVersion())
            .build();

    // SIGINT/SIGTERM: stop starting work, let the engine write its checkpoint, then exit.
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              runner.requestStop();
              try {
                finished.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "scylla-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    ExperimentOutcome outcome;
    try {
      outcome = runner.run();
    } finally {
      finished.countDown();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running: it waits for the latch released above.
    }

    if (sink instanceof ProgressPrinter printer) {
      printer.finish();
    }
    if (outcome.status() != ExperimentStatus.COMPLETED && !outcome.message().isBlank()) {
      console.err().println(outcome.message());
      console.err().flush();
    }
    if (!hostProtocol) {
      console.print(outcome.summaryLines());
    }
    return ExitCodes.of(outcome);
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

  private static JudgeSystemPrompt judgeSystemPrompt(ExperimentOptions options, Fixture fixture) {
    try {
      return JudgeSystemPrompt.choose(options.judgeSystemPrompt, fixture.testDir());
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--judge-system-prompt: " + e.getMessage(), e);
    }
  }

  private void guardCredentials() {
    String configDir = env.get("CLAUDE_CONFIG_DIR");
    if (configDir == null || !Files.isDirectory(Path.of(configDir))) {
      return;
    }
    try {
      CredentialGuard.guard(Path.of(configDir));
    } catch (RuntimeException e) {
      log.warn("credentials guard: {}", e.getMessage());
    }
  }

  /** The first line {@code claude --version} prints, or "unknown". */
  static String claudeVersion(String binary) {
    return firstLineOf(binary, "--version");
  }

  /**
   * The version of the {@code python3} the automatic checks run (e.g. {@code 3.14.2}), or
   * "unknown".
   */
  static String pythonVersion() {
    String line = firstLineOf(pythonExecutable(System.getenv()), "--version");
    return line.startsWith("Python ") ? line.substring("Python ".length()).strip() : line;
  }

  /**
   * The {@code python3} of the automatic checks: the first on the PATH (a user may put a venv
   * first), else the image's own, so that a PATH given with {@code --env} without it still works.
   */
  static String pythonExecutable(Map<String, String> env) {
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
