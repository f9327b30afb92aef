package dev.scylla.cli;

import dev.scylla.cli.internal.MountPlan;
import dev.scylla.cli.internal.Ownership;
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
    plan.addIfMountable(cwd, true);
    for (Path path : prepared.hostPaths()) {
      plan.add(path, true);
    }
    plan.add(resultsDir, false);
    for (Mount mount : settings.mounts()) {
      plan.addExplicit(mount.hostPath(), Path.of(mount.containerPath()), mount.readOnly());
    }
    UserIds hostUser = UserIds.current();
    UserIds containerUser = RunnerImage.containerUserFor(hostUser);
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
        if (hostUser.isRoot()) {
          Ownership.chownTree(resultsDir, hostUser.uid(), containerUser.uid(), containerUser.gid());
        }
        try {
          return runContainer(runtime, image, plan, settings, staging, containerUser, cwd);
        } finally {
          if (hostUser.isRoot()) {
            Ownership.chownTree(resultsDir, containerUser.uid(), hostUser.uid(), hostUser.gid());
          }
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
            .env(InsideRun.IMAGE_HASH_ENV, image.hash());
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
              } else if (stream == StreamType.STDERR || !console.quiet()) {
                printer.line(line);
              }
            })) {
      running.set(handle);
      log.info("running experiment in container {}", handle.name());
      exit = handle.waitFor(Duration.ofDays(30));
    } finally {
      running.set(null);
      printer.finish();
    }
    printSummary(experimentDir.get());
    return exitCode(exit);
  }

  private List<String> command() {
    List<String> command = new ArrayList<>();
    command.add("scylla");
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

  /** The container's exit code as Scylla's: its own codes pass through, others are failures. */
  static int exitCode(int containerExit) {
    return switch (containerExit) {
      case ExitCodes.OK,
          ExitCodes.RUNS_ERRORED,
          ExitCodes.USAGE,
          ExitCodes.DOCKER,
          ExitCodes.CREDENTIALS,
          ExitCodes.INTERRUPTED ->
          containerExit;
      case 143 -> ExitCodes.INTERRUPTED;
      default ->
          throw new dev.scylla.docker.ContainerException(
              "the runner container exited with code "
                  + containerExit
                  + (containerExit == 137 ? " (killed: out of memory? raise --memory)" : "")
                  + "; run again with -v to see its output");
    };
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
