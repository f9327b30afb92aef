package dev.scylla.cli;

import dev.scylla.cli.internal.MountPlan;
import dev.scylla.cli.internal.OutputTail;
import dev.scylla.cli.internal.Progress;
import dev.scylla.cli.internal.ProgressPrinter;
import dev.scylla.core.report.LoadedReport;
import dev.scylla.core.report.ReportLoader;
import dev.scylla.credentials.HostCredentials;
import dev.scylla.credentials.WriteBackResult;
import dev.scylla.docker.ContainerHandle;
import dev.scylla.docker.ContainerRuntime;
import dev.scylla.docker.ContainerSpec;
import dev.scylla.docker.ImageRef;
import dev.scylla.docker.Mount;
import dev.scylla.docker.OrphanSweeper;
import dev.scylla.docker.RunnerImage;
import dev.scylla.docker.ScyllaLabels;
import dev.scylla.docker.StreamType;
import dev.scylla.docker.UserIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code scylla run} on the host: everything up to and after the one container that runs the
 * experiment.
 */
final class HostRun implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(HostRun.class);

  /** How long a stopping container gets to write its checkpoint before it is killed. */
  static final Duration STOP_GRACE = Duration.ofSeconds(30);

  /** How long {@code git ls-remote} may take to answer for a remote task repository. */
  static final Duration REMOTE_CHECK_TIMEOUT = Duration.ofSeconds(30);

  /** The Scylla launcher in the runner image. */
  static final String RUNNER_LAUNCHER = "/usr/local/bin/scylla";

  /** How many of the container's last output lines a failure shows. */
  static final int OUTPUT_TAIL_LINES = 20;

  private final Console console;
  private final ExperimentOptions experiment;
  private final ImageOptions imageOptions;
  private final ContainerOptions containerOptions;
  private final CredentialOptions credentialOptions;
  private final List<String> originalArgs;
  private final Docker docker;
  private final Images.Source images;

  /** The experiment's container while it runs: what Ctrl-C stops. */
  private final AtomicReference<ContainerHandle> running = new AtomicReference<>();

  /** Released when every clean-up is done, so a Ctrl-C does not end the JVM before. */
  private final CountDownLatch cleanedUp = new CountDownLatch(1);

  HostRun(
      Console console,
      ExperimentOptions experiment,
      ImageOptions imageOptions,
      ContainerOptions containerOptions,
      CredentialOptions credentialOptions,
      List<String> originalArgs,
      Docker docker,
      Images.Source images) {
    this.console = console;
    this.experiment = experiment;
    this.imageOptions = imageOptions;
    this.containerOptions = containerOptions;
    this.credentialOptions = credentialOptions;
    this.originalArgs = List.copyOf(originalArgs);
    this.docker = docker;
    this.images = images;
  }

  @Override
  public Integer call() throws InterruptedException {
    Path cwd = Path.of("").toAbsolutePath();
    // Everything the user can get wrong is checked before any image or container.
    Experiments.Prepared prepared = Experiments.prepare(experiment);
    ContainerSettings settings = ContainerSettings.parse(containerOptions);
    Path resultsDir = experiment.resultsDir.toAbsolutePath().normalize();
    MountPlan plan = new MountPlan();
    if (!plan.addIfMountable(cwd, true)) {
      requireAbsolutePaths(cwd);
    }
    for (Path path : prepared.hostPaths()) {
      plan.add(path, true);
    }
    plan.add(resultsDir, false);
    for (Mount mount : settings.mounts()) {
      plan.addExplicit(mount.hostPath(), Path.of(mount.containerPath()), mount.readOnly());
    }
    UserIds containerUser = RunnerImage.containerUserFor(UserIds.current());
    try {
      plan.requireUsable();
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    if (Experiments.isRemote(prepared.config().taskRepo())) {
      // Found now rather than inside the container, after an experiment folder was made.
      Experiments.checkTaskRepository(prepared, REMOTE_CHECK_TIMEOUT);
    }
    Optional<HostCredentials> login =
        Credentials.find(console, credentialOptions, !prepared.needsLogin());

    Thread stopper = new Thread(this::stopOnSignal, "scylla-stop-container");
    Runtime.getRuntime().addShutdownHook(stopper);
    try (ContainerRuntime runtime = docker.connect()) {
      List<String> orphans = new OrphanSweeper(runtime).sweep();
      if (!orphans.isEmpty()) {
        console.note("Removed containers left by stopped Scylla processes: " + orphans);
      }
      ImageRef image = Images.ensure(runtime, imageOptions, containerUser, console, images);

      try (Credentials.Staging staging =
          Credentials.stageForRun(
              console, credentialOptions, login, containerUser, List.of(cwd, resultsDir))) {
        createResultsDir(resultsDir);
        try {
          return runContainer(runtime, image, plan, settings, staging, containerUser, cwd);
        } finally {
          staging.writeBack().ifPresent(result -> reportWriteBack(result));
        }
      }
    } finally {
      cleanedUp.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException shuttingDown) {
        // The hook runs: it waited for cleanedUp, released above.
      }
    }
  }

  /** On SIGINT/SIGTERM: stop the container (it checkpoints), then wait for the clean-up. */
  private void stopOnSignal() {
    ContainerHandle handle = running.get();
    if (handle != null) {
      console.err().println();
      console.err().println("Stopping the experiment (checkpoint kept; run again to resume)...");
      console.err().flush();
      handle.stop(STOP_GRACE);
    }
    try {
      cleanedUp.await(STOP_GRACE.toSeconds() + 30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int runContainer(
      ContainerRuntime runtime,
      ImageRef image,
      MountPlan plan,
      ContainerSettings settings,
      Credentials.Staging staging,
      UserIds containerUser,
      Path cwd)
      throws InterruptedException {
    String session = Sessions.newId();
    String experimentLabel =
        Optional.ofNullable(experiment.experimentId)
            .orElse(experiment.fixture.tiersDir.getFileName().toString());
    ContainerSpec.Builder spec =
        ContainerSpec.builder(image.tag())
            .name("scylla-run-" + Sessions.sanitize(experimentLabel) + "-" + session)
            .command(command())
            .user(containerUser.spec())
            .workdir(cwd.toString())
            .labels(ScyllaLabels.forContainer(ScyllaLabels.Kind.RUN, session, experimentLabel))
            .init(true)
            .pidsLimit(settings.pidsLimit())
            .stopGrace(STOP_GRACE)
            .env(InsideRun.HOST_PROTOCOL_ENV, "1")
            .env(InsideRun.IMAGE_ID_ENV, image.id())
            .env(InsideRun.IMAGE_HASH_ENV, image.hash())
            .networkMode(settings.network())
            .env(InsideRun.NETWORK_ENV, settings.network());
    for (MountPlan.Entry entry : plan.entries()) {
      spec.mount(new Mount(entry.hostPath(), entry.containerPath().toString(), entry.readOnly()));
    }
    staging.mount().ifPresent(spec::mount);
    spec.env(staging.environment());
    spec.env(settings.env());
    settings.cpus().ifPresent(spec::cpus);
    settings.memoryBytes().ifPresent(spec::memoryBytes);

    ProgressPrinter printer =
        new ProgressPrinter(console.err(), console.terminal(), console.quiet());
    AtomicReference<String> experimentDir = new AtomicReference<>();
    OutputTail tail = new OutputTail(OUTPUT_TAIL_LINES);
    int exit;
    try (ContainerHandle handle =
        runtime.run(
            spec.build(),
            (stream, line) -> {
              Optional<Progress> progress = Progress.parse(line);
              if (progress.isPresent()) {
                if (progress.get().experimentDir() != null) {
                  experimentDir.set(progress.get().experimentDir());
                }
                printer.accept(progress.get());
              } else {
                tail.add(line);
                if (stream == StreamType.STDERR || !console.quiet()) {
                  printer.line(line);
                }
              }
            })) {
      running.set(handle);
      log.info("running experiment in container {}", handle.name());
      exit = handle.waitFor(Duration.ofDays(30));
    } finally {
      running.set(null);
      printer.finish();
    }
    // Exit 1 means "completed with errored runs" only once an experiment started: before that it
    // is the runner failing (a JVM that cannot start exits 1 too).
    if (!isScyllaExit(exit) || exit == ExitCodes.RUNS_ERRORED && experimentDir.get() == null) {
      // Not one of Scylla's codes: the runner itself failed. Show why, as its last lines say.
      if (console.quiet()) {
        console.err().println("last lines of the runner container's output:");
        tail.lines().forEach(l -> console.err().println("  " + l));
        console.err().flush();
      }
      throw containerFailure(exit, tail.lines(), console.verbose());
    }
    printSummary(experimentDir.get());
    return exitCode(exit);
  }

  private List<String> command() {
    List<String> command = new ArrayList<>();
    // Absolute: the user's --env PATH must not decide which program runs the experiment.
    command.add(RUNNER_LAUNCHER);
    command.addAll(originalArgs);
    return command;
  }

  private void printSummary(String experimentDir) {
    if (experimentDir == null) {
      return;
    }
    Path dir = Path.of(experimentDir);
    try {
      LoadedReport report = ReportLoader.load(dir);
      console.print(report.summaryLines());
      console.note("Results: " + dir);
    } catch (RuntimeException e) {
      console.warn("no summary: " + e.getMessage() + " (results in " + dir + ")");
    }
  }

  private void reportWriteBack(WriteBackResult result) {
    if (result.outcome() == WriteBackResult.Outcome.UPDATED_HOST) {
      console.note("Credentials: " + result.describe());
    } else {
      log.info("credentials: {}", result.describe());
    }
  }

  /** Whether a container exit code is one of Scylla's own (or SIGTERM's, an interruption). */
  static boolean isScyllaExit(int containerExit) {
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

  /** The container's exit code as Scylla's: its own codes pass through, others are failures. */
  static int exitCode(int containerExit) {
    if (containerExit == 143) {
      return ExitCodes.INTERRUPTED;
    }
    if (isScyllaExit(containerExit)) {
      return containerExit;
    }
    throw containerFailure(containerExit, List.of(), false);
  }

  /**
   * The failure of a runner container that did not end with one of Scylla's codes: the code, what
   * it means when known, and the last line of its output; -v is suggested only when it is off.
   */
  static dev.scylla.docker.ContainerException containerFailure(
      int containerExit, List<String> tail, boolean verbose) {
    StringBuilder message =
        new StringBuilder("the runner container exited with code ").append(containerExit);
    if (containerExit == 137) {
      message.append(" (killed: out of memory? raise --memory)");
    } else if (containerExit == 126 || containerExit == 127) {
      message.append(" (a program of the runner could not be started)");
    }
    tail.stream()
        .filter(l -> !l.isBlank())
        .reduce((a, b) -> b)
        .ifPresent(last -> message.append(": ").append(last.strip()));
    if (!verbose) {
      message.append("; run again with -v for more of its output");
    }
    return new dev.scylla.docker.ContainerException(message.toString());
  }

  /**
   * The container starts in the host's working directory; when that cannot be mounted, a relative
   * path would name nothing there.
   */
  private void requireAbsolutePaths(Path cwd) {
    List<Path> given = new ArrayList<>();
    given.add(experiment.fixture.tiersDir);
    given.add(experiment.fixture.sharedDir);
    given.add(experiment.resultsDir);
    given.add(experiment.prompt);
    given.add(experiment.config);
    for (Path path : given) {
      if (path != null && !path.isAbsolute()) {
        throw new UserInputException(
            "the current directory "
                + cwd
                + " cannot be mounted into the runner container, so the relative path "
                + path
                + " would name nothing there: run from a project folder, or give absolute paths");
      }
    }
  }

  private static void createResultsDir(Path resultsDir) {
    try {
      Files.createDirectories(resultsDir);
    } catch (IOException e) {
      throw new UncheckedIOException(
          new IOException(
              "cannot create the results directory " + resultsDir + ": " + e.getMessage(), e));
    }
  }
}
