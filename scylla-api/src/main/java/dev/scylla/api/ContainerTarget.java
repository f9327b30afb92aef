package dev.scylla.api;

import dev.scylla.api.internal.OutputTail;
import dev.scylla.api.internal.PreparedExperiment;
import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.engine.ExperimentStatus;
import dev.scylla.core.report.LoadedReport;
import dev.scylla.core.report.ReportLoader;
import dev.scylla.credentials.HostCredentials;
import dev.scylla.credentials.StagedCredentials;
import dev.scylla.credentials.WriteBackResult;
import dev.scylla.docker.ContainerHandle;
import dev.scylla.docker.ContainerRuntime;
import dev.scylla.docker.ImageRef;
import dev.scylla.docker.OrphanSweeper;
import dev.scylla.docker.StreamType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an experiment in one runner container, the way {@code scylla run} does on a host: the inputs
 * are checked first (nothing is built or started for a bad fixture), then stale Scylla containers
 * are removed, the image is resolved (built when missing or stale), the Claude login is staged, and
 * the container runs {@code scylla run ...} with every host path the experiment touches mounted at
 * the same path (so paths in results stay true on the host) and the results folder writable.
 * Progress comes back as protocol lines; a refreshed token is written back to the host and the
 * staging deleted, whatever happens.
 *
 * <p>The image has no default: give {@link ImageSource#bundled(Path)} with the Scylla jar, or an
 * image of one's own.
 */
public final class ContainerTarget implements Target {

  /** How long {@code git ls-remote} may take to answer for a remote task repository. */
  public static final Duration REMOTE_CHECK_TIMEOUT = Duration.ofSeconds(30);

  /** How many of the container's last output lines a failure keeps. */
  public static final int OUTPUT_TAIL_LINES = 20;

  private static final Logger log = LoggerFactory.getLogger(ContainerTarget.class);

  private Supplier<ContainerRuntime> runtime = ContainerRuntime::docker;
  private boolean ownsRuntime = true;
  private ImageSource image;
  private RunnerLogin login = RunnerLogin.fromSystem();
  private ContainerSettings settings = ContainerSettings.defaults();
  private Path workingDirectory = Path.of("").toAbsolutePath();
  private RunListener listener = RunListener.none();
  private final List<String> scyllaOptions = new ArrayList<>();
  private final AtomicReference<ContainerHandle> running = new AtomicReference<>();
  private final AtomicBoolean stopRequested = new AtomicBoolean();

  ContainerTarget() {}

  /** A connected engine, which the caller keeps and closes. */
  public ContainerTarget runtime(ContainerRuntime connected) {
    Objects.requireNonNull(connected, "runtime");
    this.runtime = () -> connected;
    this.ownsRuntime = false;
    return this;
  }

  /**
   * How to connect to the engine, once the inputs are checked; the target closes what it gets
   * (default: {@link ContainerRuntime#docker()}).
   */
  public ContainerTarget runtime(Supplier<ContainerRuntime> connect) {
    this.runtime = Objects.requireNonNull(connect, "connect");
    this.ownsRuntime = true;
    return this;
  }

  /** The runner image. */
  public ContainerTarget image(ImageSource source) {
    this.image = Objects.requireNonNull(source, "source");
    return this;
  }

  /** The Claude login to stage (default: the host's usual places, staged). */
  public ContainerTarget login(RunnerLogin login) {
    this.login = Objects.requireNonNull(login, "login");
    return this;
  }

  /** Extra mounts and environment, limits, network. */
  public ContainerTarget settings(ContainerSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    return this;
  }

  /**
   * The host directory the container starts in, mounted read-only when it can be (default: the
   * current directory).
   */
  public ContainerTarget workingDirectory(Path dir) {
    this.workingDirectory = dir.toAbsolutePath().normalize();
    return this;
  }

  /** Where progress, the container's output and notices go. */
  public ContainerTarget listener(RunListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /** Options for the Scylla inside, after its arguments, e.g. {@code -v} for its log lines. */
  public ContainerTarget scyllaOptions(Collection<String> options) {
    this.scyllaOptions.clear();
    this.scyllaOptions.addAll(options);
    return this;
  }

  /**
   * {@inheritDoc}
   *
   * @throws InvalidInputException for a path the container cannot use
   * @throws dev.scylla.credentials.CredentialsException when the login is needed and missing
   * @throws dev.scylla.docker.DockerException when the engine, the image or the container fails
   *     ({@link RunnerFailedException} when the container ends with a code that is not Scylla's)
   * @throws RunnerExitException when the Scylla inside ends with one of its error codes
   * @throws InterruptedException when stopped before the experiment started
   */
  @Override
  public ExperimentOutcome run(Experiment experiment) throws InterruptedException {
    return outcome(runScylla(experiment, experiment.arguments()));
  }

  /**
   * Runs {@code scylla ARGS} in a runner container set up for {@code experiment}, as {@link
   * #run(Experiment)} would set it up (its paths mounted, its results folder writable, the login
   * staged when a runner needs it), and returns the container's exit code; its output goes to the
   * listener. For commands that work on an experiment other than {@code run}, e.g. {@code rejudge}.
   */
  public int runCommand(Experiment experiment, List<String> arguments) throws InterruptedException {
    Exit exit = runScylla(experiment, arguments);
    if (!isScyllaExit(exit.code())) {
      throw containerFailure(exit.code(), exit.tail(), verbose());
    }
    return exit.code();
  }

  @Override
  public void requestStop() {
    stopRequested.set(true);
    ContainerHandle handle = running.get();
    if (handle != null) {
      handle.stop(RunnerContainer.RUN_STOP_GRACE);
    }
  }

  /** What a run container ended with, and what its output said. */
  private record Exit(
      int code, String experimentDir, String status, String message, List<String> tail) {}

  /**
   * Runs a batch in one runner container: every test's paths mounted, the login staged when any
   * test's runners need it, and the Scylla inside running the whole batch. A test whose input is
   * bad is not refused here: the batch skips it with its reason, and runs the others.
   *
   * @throws InvalidInputException for a path the container cannot use
   * @throws RunnerExitException when the Scylla inside ends with one of its error codes before the
   *     batch started
   * @throws InterruptedException when stopped before the batch started
   */
  public BatchOutcome run(Batch batch) throws InterruptedException {
    if (image == null) {
      throw new IllegalStateException(
          "no runner image chosen: give image(ImageSource.bundled(scyllaJar)) or another source");
    }
    List<Path> readPaths = new ArrayList<>();
    boolean needsLogin = false;
    for (dev.scylla.core.engine.BatchTest test : batch.tests()) {
      try {
        PreparedExperiment prepared = PreparedExperiment.of(batch.experiment(test));
        readPaths.addAll(prepared.readPaths());
        needsLogin |= prepared.needsLogin();
      } catch (dev.scylla.core.ScyllaException e) {
        if (e.kind() != dev.scylla.core.ErrorKind.INPUT) {
          throw e;
        }
        // Skipped with this reason inside; its folder is still visible there when it exists.
        if (Files.isDirectory(test.testDir())) {
          readPaths.add(test.testDir());
        }
      }
    }
    Exit exit =
        runIn(
            "batch-" + batch.id(),
            batch.resultsDir(),
            readPaths,
            needsLogin,
            null,
            batch.arguments());
    int code = exit.code();
    if (!isScyllaExit(code)) {
      throw containerFailure(code, exit.tail(), verbose());
    }
    if (exit.experimentDir() == null) {
      if (code == ExitCodes.INTERRUPTED || code == 143) {
        throw new InterruptedException("the batch was stopped before it started");
      }
      throw new RunnerExitException(code, lastErrorLine(exit.tail(), code), true);
    }
    return BatchOutcome.read(Path.of(exit.experimentDir()));
  }

  private Exit runScylla(Experiment experiment, List<String> command) throws InterruptedException {
    if (image == null) {
      throw new IllegalStateException(
          "no runner image chosen: give image(ImageSource.bundled(scyllaJar)) or another source");
    }
    PreparedExperiment prepared = PreparedExperiment.of(experiment);
    return runIn(
        experiment.label(),
        experiment.resultsDir(),
        prepared.readPaths(),
        prepared.needsLogin(),
        prepared,
        command);
  }

  private Exit runIn(
      String label,
      Path results,
      Collection<Path> readPaths,
      boolean needsLogin,
      PreparedExperiment prepared,
      List<String> command)
      throws InterruptedException {
    MountPlan plan = new MountPlan();
    // Not mountable (e.g. /tmp): the experiment's paths are absolute, so nothing needs it.
    plan.addIfMountable(workingDirectory, true);
    for (Path path : readPaths) {
      plan.add(path, true);
    }
    plan.add(results, false);
    RunnerContainer.checkMounts(plan, settings);
    if (prepared != null && prepared.remoteRepository()) {
      // Found now rather than inside the container, after an experiment folder was made.
      prepared.checkTaskRepository(REMOTE_CHECK_TIMEOUT);
    }
    List<String> arguments = new ArrayList<>(command);
    arguments.addAll(scyllaOptions);
    Optional<HostCredentials> host = login.find(!needsLogin, listener);
    ContainerRuntime engine = runtime.get();
    try {
      List<String> orphans = new OrphanSweeper(engine).sweep();
      if (!orphans.isEmpty()) {
        listener.notice("Removed containers left by stopped Scylla processes: " + orphans);
      }
      ImageRef ref = image.resolve(engine);
      if (ref.built()) {
        listener.notice("Built runner image " + ref.tag());
      }
      List<Path> trusted = new ArrayList<>();
      trusted.add(workingDirectory);
      trusted.add(results);
      StagedCredentials staged =
          host.isEmpty() ? null : login.stageForRun(host.get(), trusted, listener);
      try {
        createDirectory(results);
        RunnerContainer.Builder spec =
            RunnerContainer.forRun(ref, label, arguments)
                .workingDirectory(workingDirectory)
                .mounts(plan)
                .credentials(staged)
                .settings(settings);
        return runContainer(engine, spec);
      } finally {
        if (staged != null) {
          try {
            reportWriteBack(staged.writeBack());
          } finally {
            staged.close();
          }
        }
      }
    } finally {
      if (ownsRuntime) {
        engine.close();
      }
    }
  }

  private Exit runContainer(ContainerRuntime engine, RunnerContainer.Builder spec)
      throws InterruptedException {
    if (stopRequested.get()) {
      throw new InterruptedException("stopped before the runner container started");
    }
    AtomicReference<String> experimentDir = new AtomicReference<>();
    AtomicReference<Progress> finished = new AtomicReference<>();
    OutputTail tail = new OutputTail(OUTPUT_TAIL_LINES);
    int code;
    try (ContainerHandle handle =
        engine.run(
            spec.build(),
            (stream, line) -> {
              Optional<Progress> progress = Progress.parse(line);
              if (progress.isPresent()) {
                Progress p = progress.get();
                if (p.experimentDir() != null) {
                  experimentDir.set(p.experimentDir());
                }
                if (Progress.FINISHED.equals(p.kind())) {
                  finished.set(p);
                }
                listener.progress(p);
              } else {
                tail.add(line);
                listener.output(stream == StreamType.STDERR, line);
              }
            })) {
      running.set(handle);
      if (stopRequested.get()) {
        handle.stop(RunnerContainer.RUN_STOP_GRACE);
      }
      log.info("running in container {}", handle.name());
      try {
        code = handle.waitFor(Duration.ofDays(30));
      } catch (InterruptedException e) {
        // Stopped like Ctrl-C stops it: the Scylla inside checkpoints, then its code tells how.
        Thread stopper = new Thread(this::requestStop, "scylla-stop-container");
        stopper.start();
        code = handle.waitFor(RunnerContainer.RUN_STOP_GRACE.plusSeconds(30));
        Thread.currentThread().interrupt();
      }
    } finally {
      running.set(null);
    }
    Progress end = finished.get();
    return new Exit(
        code,
        experimentDir.get(),
        end == null ? null : end.status(),
        end == null ? "" : end.message(),
        tail.lines());
  }

  /** The experiment's outcome, read back from its results folder, or the failure. */
  private ExperimentOutcome outcome(Exit exit) throws InterruptedException {
    int code = exit.code();
    // Exit 1 means "completed with errored runs" only once an experiment started: before that it
    // is the runner failing (a JVM that cannot start exits 1 too).
    if (!isScyllaExit(code) || code == ExitCodes.RUNS_ERRORED && exit.experimentDir() == null) {
      throw containerFailure(code, exit.tail(), verbose());
    }
    boolean interrupted = code == ExitCodes.INTERRUPTED || code == 143;
    if (code == ExitCodes.USAGE
        || code == ExitCodes.DOCKER
        || code == ExitCodes.CREDENTIALS && exit.status() == null) {
      throw new RunnerExitException(code, lastErrorLine(exit.tail(), code), true);
    }
    if (exit.experimentDir() == null) {
      if (interrupted) {
        throw new InterruptedException("the experiment was stopped before it started");
      }
      throw containerFailure(code, exit.tail(), verbose());
    }
    Path dir = Path.of(exit.experimentDir());
    LoadedReport report;
    try {
      report = ReportLoader.load(dir);
    } catch (RuntimeException e) {
      throw new RunnerExitException(
          code,
          "the runner's experiment folder "
              + dir
              + " cannot be read back ("
              + e.getMessage()
              + "): see its files",
          false);
    }
    ExperimentStatus status;
    if (exit.status() != null) {
      status = ExperimentStatus.valueOf(exit.status());
    } else if (interrupted) {
      status = ExperimentStatus.INTERRUPTED;
    } else {
      status = ExperimentStatus.COMPLETED;
    }
    return new ExperimentOutcome(
        status,
        report.result(),
        dir,
        report.result().erroredRuns(),
        report.passThreshold(),
        exit.message().isBlank() && interrupted
            ? "interrupted; run the same command again to resume"
            : exit.message());
  }

  private boolean verbose() {
    return scyllaOptions.contains("-v") || scyllaOptions.contains("--verbose");
  }

  /** The last line of error output, without the command's {@code scylla: } prefix. */
  private static String lastErrorLine(List<String> tail, int code) {
    return lastLine(tail)
        .map(l -> l.startsWith("scylla: ") ? l.substring("scylla: ".length()) : l)
        .map(String::strip)
        .orElse("the runner exited with code " + code);
  }

  /** The last line of the output that is not blank. */
  private static Optional<String> lastLine(List<String> tail) {
    return tail.stream().filter(l -> !l.isBlank()).reduce((a, b) -> b);
  }

  private void reportWriteBack(WriteBackResult result) {
    if (result.outcome() == WriteBackResult.Outcome.UPDATED_HOST) {
      listener.notice("Credentials: " + result.describe());
    } else {
      log.info("credentials: {}", result.describe());
    }
  }

  /** Whether a container exit code is one of Scylla's own (or SIGTERM's, an interruption). */
  private static boolean isScyllaExit(int containerExit) {
    return switch (containerExit) {
      case ExitCodes.OK,
          ExitCodes.RUNS_ERRORED,
          ExitCodes.USAGE,
          ExitCodes.DOCKER,
          ExitCodes.CREDENTIALS,
          ExitCodes.INTERRUPTED,
          143 ->
          true;
      default -> false;
    };
  }

  /**
   * The failure of a runner container that did not end with one of Scylla's codes: the code, what
   * it means when known, and the last line of its output; {@code -v} is suggested when it is off.
   */
  private static RunnerFailedException containerFailure(
      int containerExit, List<String> tail, boolean verbose) {
    StringBuilder message =
        new StringBuilder("the runner container exited with code ").append(containerExit);
    if (containerExit == 137) {
      message.append(" (killed: out of memory? raise --memory)");
    } else if (containerExit == 126 || containerExit == 127) {
      message.append(" (a program of the runner could not be started)");
    }
    lastLine(tail).ifPresent(last -> message.append(": ").append(last.strip()));
    if (!verbose) {
      message.append("; run again with -v for more of its output");
    }
    return new RunnerFailedException(message.toString(), containerExit, tail);
  }

  private static void createDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(
          new IOException("cannot create the directory " + dir + ": " + e.getMessage(), e));
    }
  }
}
