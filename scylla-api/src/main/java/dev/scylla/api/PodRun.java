package dev.scylla.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scylla.api.internal.JobJson;
import dev.scylla.core.ErrorKind;
import dev.scylla.core.ScyllaException;
import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentAdapterProvider;
import dev.scylla.core.agent.AgentRunners;
import dev.scylla.core.engine.ExperimentRunner;
import dev.scylla.core.engine.JudgeSystemPrompt;
import dev.scylla.core.engine.SingleRun;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureLoader;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.workspace.TaskRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Executes one {@link RunJob} in this JVM: what the container of a run's pod does. It waits for the
 * inputs, finds the experiment's host paths under the inputs root, runs the one run with the engine
 * (workspace, agent, judges) into a fresh experiment folder under the results dir, writes {@link
 * RunJob.Io#RUN_DONE}, and waits until the results were collected ({@link RunJob.Io#COLLECTED}) or
 * the wait ends.
 */
public final class PodRun {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(200);

  /**
   * How the run ended.
   *
   * @param finished whether the run has a result (passed or failed; errored runs have one too)
   * @param runDir the run's folder, relative to the results dir
   * @param message one line on how it ended
   */
  public record Outcome(boolean finished, String runDir, String message) {
    /** Validates the outcome. */
    public Outcome {
      Objects.requireNonNull(runDir, "runDir");
      Objects.requireNonNull(message, "message");
    }
  }

  private final RunJob job;
  private Map<String, String> env = System.getenv();
  private final AtomicReference<ExperimentRunner> running = new AtomicReference<>();
  private volatile boolean stopRequested;

  private PodRun(RunJob job) {
    this.job = Objects.requireNonNull(job, "job");
  }

  /** The run of {@code job}. */
  public static PodRun of(RunJob job) {
    return new PodRun(job);
  }

  /** The job in {@code file}, as {@link #of(RunJob)}; an unreadable file is an input error. */
  public static PodRun fromFile(Path file) {
    return new PodRun(JobJson.read(file));
  }

  /** The environment the runners read (default: this process's). */
  public PodRun environment(Map<String, String> env) {
    this.env = Map.copyOf(env);
    return this;
  }

  /**
   * Runs the job and blocks until it ended and its results were collected (or that wait ended).
   *
   * @throws PodRunException when the inputs do not arrive in time, or the results cannot be marked
   * @throws InterruptedException when interrupted while waiting
   */
  public Outcome run() throws InterruptedException {
    RunJob.Io io = job.io();
    Path inputsRoot = Path.of(io.inputsRoot());
    await(inputsRoot.resolve(RunJob.Io.INPUTS_READY), io.inputWaitSeconds(), "inputs");

    RunJob.Settings s = job.settings();
    ExperimentConfig config = moved(s.config());
    // A shared folder that did not exist on the host was not copied; the fixture's default rule
    // then finds the same nothing in the pod.
    Fixture fixture =
        FixtureLoader.load(
            Path.of(config.tiersDir()),
            Optional.ofNullable(config.sharedDir()).map(Path::of).filter(Files::isDirectory));
    AgentRunners runners =
        AgentRunners.load(s.agentJars().stream().map(p -> Path.of(io.inPod(p))).toList());
    AgentAdapterProvider.Context context =
        new AgentAdapterProvider.Context(Path.of("").toAbsolutePath(), env);
    String agentSpec = movedSpec(s.agent());
    String judgeSpec = movedSpec(s.judge());
    AgentAdapter agent = runners.create(agentSpec, context);
    AgentAdapter judge = judgeSpec.equals(agentSpec) ? agent : runners.create(judgeSpec, context);
    JudgeSystemPrompt judgePrompt =
        JudgeSystemPrompt.choose(
            s.judgeSystemPrompt() == null ? null : Path.of(io.inPod(s.judgeSystemPrompt())),
            fixture.testDir());
    boolean claude =
        AgentRunners.nameOf(agentSpec).equals(AgentRunners.DEFAULT)
            || AgentRunners.nameOf(judgeSpec).equals(AgentRunners.DEFAULT);
    Path resultsDir = Path.of(io.resultsDir());
    ExperimentRunner runner =
        ExperimentRunner.builder()
            .fixture(fixture)
            .config(config)
            .resultsRoot(resultsDir)
            .agent(agent)
            .judge(judge)
            .fresh(true)
            .judgeSystemPrompt(judgePrompt)
            .infraRetries(s.infraRetries())
            .rateLimitPause(Duration.ofSeconds(s.rateLimitPauseSeconds()))
            .provenance(
                Scylla.version(),
                "",
                "",
                claude
                    ? InProcessTarget.claudeVersion(ScyllaImage.claudeBinaryFrom(env))
                    : "not run")
            .login(InProcessTarget.login(claude, env))
            .python(InProcessTarget.pythonExecutable(env))
            .pythonVersion(InProcessTarget.pythonVersion(env))
            .build();
    running.set(runner);
    if (stopRequested) {
      runner.requestStop();
    }
    SingleRun.Outcome done;
    try {
      done =
          runner.runOne(
              job.run().tier(),
              job.run().subtest(),
              job.run().number(),
              Path.of(io.inputsRoot(), RunJob.Io.BASELINE),
              job.run().inheritsFrom());
    } finally {
      running.set(null);
    }
    String runDir = resultsDir.relativize(done.runDir()).toString();
    Outcome outcome =
        new Outcome(
            done.result().isPresent(),
            runDir,
            done.result()
                .map(r -> "run finished: " + runDir + (r.judgePassed() ? " (passed)" : " (failed)"))
                .orElse("run did not finish: " + runDir));
    markDone(resultsDir, outcome);
    awaitCollected(resultsDir.resolve(RunJob.Io.COLLECTED), io.collectWaitSeconds());
    return outcome;
  }

  /** Stops the run: the agent is ended, the run stays unfinished. */
  public void requestStop() {
    stopRequested = true;
    ExperimentRunner runner = running.get();
    if (runner != null) {
      runner.requestStop();
    }
  }

  /** The settings with their host paths moved under the inputs root, the bundle as repository. */
  private ExperimentConfig moved(ExperimentConfig config) {
    RunJob.Io io = job.io();
    Map<String, String> fields = new LinkedHashMap<>();
    if (config.tiersDir() != null) {
      fields.put("tiers_dir", io.inPod(config.tiersDir()));
    }
    if (config.sharedDir() != null) {
      fields.put("shared_dir", io.inPod(config.sharedDir()));
    }
    fields.put("task_prompt_file", io.inPod(config.taskPromptFile()));
    if (io.taskBundle() != null) {
      fields.put("task_repo", io.taskBundle());
    } else if (config.taskRepo().startsWith("/")) {
      fields.put("task_repo", io.inPod(config.taskRepo()));
    } else if (!TaskRepository.isRemote(config.taskRepo())) {
      // A relative local repository resolves against the fixture, which moved with it.
      fields.put("task_repo", config.taskRepo());
    }
    return JobJson.withFields(config, fields);
  }

  private String movedSpec(String spec) {
    String argument = AgentRunners.argumentOf(spec);
    if (argument.startsWith("/") && job.io().inputs().stream().anyMatch(argument::startsWith)) {
      return AgentRunners.nameOf(spec) + ":" + job.io().inPod(argument);
    }
    return spec;
  }

  private static void await(Path marker, long seconds, String what) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (!Files.exists(marker)) {
      if (System.nanoTime() - end > 0) {
        throw new PodRunException(
            "the " + what + " did not arrive within " + seconds + " s (" + marker + " is missing)");
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private static void awaitCollected(Path marker, long seconds) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (!Files.exists(marker) && System.nanoTime() - end < 0) {
      Thread.sleep(POLL.toMillis());
    }
  }

  private static void markDone(Path resultsDir, Outcome outcome) {
    Path target = resultsDir.resolve(RunJob.Io.RUN_DONE);
    try {
      Path tmp = Files.createTempFile(resultsDir, ".run-done", ".tmp");
      Files.writeString(
          tmp,
          JSON.writeValueAsString(
              Map.of(
                  "finished", outcome.finished(),
                  "run_dir", outcome.runDir(),
                  "message", outcome.message())));
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new PodRunException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * A pod's run could not start or hand back its results: the machine's problem, not the input's.
   */
  public static final class PodRunException extends ScyllaException {
    private static final long serialVersionUID = 1L;

    PodRunException(String message) {
      super(ErrorKind.INFRASTRUCTURE, message, null);
    }

    PodRunException(String message, Throwable cause) {
      super(ErrorKind.INFRASTRUCTURE, message, cause);
    }
  }
}
