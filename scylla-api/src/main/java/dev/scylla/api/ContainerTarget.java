package dev.scylla.api;

import dev.scylla.api.internal.JobDocuments;
import dev.scylla.api.internal.JobFiles;
import dev.scylla.api.internal.JobRun;
import dev.scylla.api.internal.MountPlan;
import dev.scylla.api.internal.OutputTail;
import dev.scylla.api.internal.PreparedExperiment;
import dev.scylla.api.internal.RunnerContainer;
import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.engine.ExperimentStatus;
import dev.scylla.core.report.LoadedReport;
import dev.scylla.core.report.ReportLoader;
import dev.scylla.credentials.CredentialsException;
import dev.scylla.credentials.HostCredentials;
import dev.scylla.credentials.StagedCredentials;
import dev.scylla.credentials.WriteBackResult;
import dev.scylla.docker.ContainerHandle;
import dev.scylla.docker.ContainerInfo;
import dev.scylla.docker.ContainerNotFoundException;
import dev.scylla.docker.ContainerRuntime;
import dev.scylla.docker.DockerCli;
import dev.scylla.docker.ExecSpec;
import dev.scylla.docker.ImageRef;
import dev.scylla.docker.OrphanSweeper;
import dev.scylla.docker.ScyllaLabels;
import dev.scylla.docker.StreamType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each job in a runner container, the way {@code scylla run} does on a host: the job's inputs
 * are checked first (nothing is built or started for a bad fixture), then stale Scylla containers
 * are removed, the image is resolved (built when missing or stale), the Claude login is staged when
 * the job needs it, and the container's Scylla runs the job's JSON document with every host path
 * the job reads mounted at the same path (so paths in results stay true on the host) and the paths
 * it writes writable. Progress comes back as protocol lines; a refreshed token is written back to
 * the host and the staging deleted, whatever happens. Shell jobs get a named, long-lived container.
 *
 * <p>Immutable: every setter returns a new target, and the target keeps no state of the jobs it
 * runs. The image has no default: give {@link ImageSource#bundled(Path)} with the Scylla jar, or an
 * image of one's own.
 */
public final class ContainerTarget implements Target {

  /** How long {@code git ls-remote} may take to answer for a remote task repository. */
  public static final Duration REMOTE_CHECK_TIMEOUT = Duration.ofSeconds(30);

  /** How many of the container's last output lines a failure keeps. */
  public static final int OUTPUT_TAIL_LINES = 20;

  private static final Logger log = LoggerFactory.getLogger(ContainerTarget.class);

  /** How long a stopping run container gets to write its checkpoint before it is killed. */
  public static final Duration RUN_STOP_GRACE = Duration.ofSeconds(30);

  /** How long a shell container gets to stop before it is killed. */
  public static final Duration SHELL_STOP_GRACE = Duration.ofSeconds(10);

  /** The target with no image chosen yet, the default engine, login and settings. */
  static final ContainerTarget DEFAULT =
      new ContainerTarget(
          ContainerRuntime::docker,
          true,
          null,
          RunnerLogin.fromSystem(),
          ContainerSettings.defaults(),
          null,
          RunListener.none(),
          List.of());

  // Set only on a copy, before it is returned: a target never changes once a caller has it.
  private Supplier<ContainerRuntime> runtime;
  private boolean ownsRuntime;
  private ImageSource image;
  private RunnerLogin login;
  private ContainerSettings settings;
  private Path workingDirectory;
  private RunListener listener;
  private List<String> scyllaOptions;

  private ContainerTarget(
      Supplier<ContainerRuntime> runtime,
      boolean ownsRuntime,
      ImageSource image,
      RunnerLogin login,
      ContainerSettings settings,
      Path workingDirectory,
      RunListener listener,
      List<String> scyllaOptions) {
    this.runtime = runtime;
    this.ownsRuntime = ownsRuntime;
    this.image = image;
    this.login = login;
    this.settings = settings;
    this.workingDirectory = workingDirectory;
    this.listener = listener;
    this.scyllaOptions = List.copyOf(scyllaOptions);
  }

  /** A copy to change one setting of. */
  private ContainerTarget copy() {
    return new ContainerTarget(
        runtime, ownsRuntime, image, login, settings, workingDirectory, listener, scyllaOptions);
  }

  /** A connected engine, which the caller keeps and closes. */
  public ContainerTarget runtime(ContainerRuntime connected) {
    Objects.requireNonNull(connected, "runtime");
    ContainerTarget t = copy();
    t.runtime = () -> connected;
    t.ownsRuntime = false;
    return t;
  }

  /**
   * How to connect to the engine, once the inputs are checked; the target closes what it gets
   * (default: {@link ContainerRuntime#docker()}).
   */
  public ContainerTarget runtime(Supplier<ContainerRuntime> connect) {
    ContainerTarget t = copy();
    t.runtime = Objects.requireNonNull(connect, "connect");
    t.ownsRuntime = true;
    return t;
  }

  /** The runner image. */
  public ContainerTarget image(ImageSource source) {
    ContainerTarget t = copy();
    t.image = Objects.requireNonNull(source, "source");
    return t;
  }

  /** The Claude login to stage (default: the host's usual places, staged). */
  public ContainerTarget login(RunnerLogin login) {
    ContainerTarget t = copy();
    t.login = Objects.requireNonNull(login, "login");
    return t;
  }

  /** Extra mounts and environment, limits, network. */
  public ContainerTarget settings(ContainerSettings settings) {
    ContainerTarget t = copy();
    t.settings = Objects.requireNonNull(settings, "settings");
    return t;
  }

  /**
   * The host directory the container starts in, mounted read-only when it can be (default: the
   * current directory when a job starts).
   */
  public ContainerTarget workingDirectory(Path dir) {
    ContainerTarget t = copy();
    t.workingDirectory = dir.toAbsolutePath().normalize();
    return t;
  }

  /** Where progress, the container's output and notices go. */
  public ContainerTarget listener(RunListener listener) {
    ContainerTarget t = copy();
    t.listener = Objects.requireNonNull(listener, "listener");
    return t;
  }

  /** Options for the Scylla inside, e.g. {@code -v} for its log lines. */
  public ContainerTarget scyllaOptions(Collection<String> options) {
    ContainerTarget t = copy();
    t.scyllaOptions = List.copyOf(options);
    return t;
  }

  /**
   * {@inheritDoc}
   *
   * <p>An experiment, a batch or a re-judging runs in a runner container of its own: the inputs are
   * checked first (nothing is built or started for bad input), stale Scylla containers are removed,
   * the image is resolved, the login staged when the job needs it, and the job crosses into the
   * container as a JSON document read by the Scylla inside. A shell job creates, starts or enters
   * its named container. Failures come from {@link JobHandle#await()}: {@link
   * InvalidInputException} for a path the container cannot use, {@code CredentialsException} for a
   * missing login, {@code DockerException} for the engine, the image or the container ({@link
   * RunnerFailedException} when it ends with a code that is not Scylla's), {@link
   * RunnerExitException} when the Scylla inside ends with one of its error codes.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <R> JobHandle<R> start(Job<R> job) {
    Objects.requireNonNull(job, "job");
    if (job instanceof ShellJob shell) {
      return (JobHandle<R>) JobRun.start(job.label(), stop -> enterShell(shell, stop));
    }
    if (image == null) {
      throw new IllegalStateException(
          "no runner image chosen: give image(ImageSource.bundled(scyllaJar)) or another source");
    }
    if (ownsRuntime) {
      // The Docker client's classes load while the job's input is checked; nothing connects yet.
      Thread preload = new Thread(ContainerRuntime::preload, "scylla-docker-preload");
      preload.setDaemon(true);
      preload.start();
    }
    if (job instanceof ExperimentJob e) {
      return (JobHandle<R>)
          JobRun.start(
              job.label(), stop -> outcome(runJob(e, PreparedExperiment.of(e.experiment()), stop)));
    }
    if (job instanceof BatchJob b) {
      return (JobHandle<R>) JobRun.start(job.label(), stop -> batchOutcome(runJob(b, null, stop)));
    }
    RejudgeJob r = (RejudgeJob) job;
    return (JobHandle<R>)
        JobRun.start(job.label(), stop -> rejudgeOutcome(runJob(r, null, stop), r));
  }

  /**
   * Runs a batch in one runner container and waits for it: {@code start(Job.batch(batch))}.
   *
   * @throws InterruptedException when stopped before the batch started
   */
  public BatchOutcome run(Batch batch) throws InterruptedException {
    return start(Job.batch(batch)).await();
  }

  /**
   * Creates, starts or enters a shell's container and runs its bash (attached to this process's
   * terminal) or its command (output to the listener); the login is staged for the shell's lifetime
   * and synced before and after.
   */
  private Integer enterShell(ShellJob job, JobRun.Stopping stop) throws InterruptedException {
    if (job.interactive() && System.console() == null) {
      throw new InvalidInputException(
          "an interactive shell needs a terminal; give the shell a command to run one without");
    }
    ContainerRuntime engine = runtime.get();
    try {
      Optional<StagedCredentials> staged = stageShell(job.name(), job.workingDirectory());
      try {
        Optional<ContainerInfo> existing = engine.inspectContainer(job.name());
        if (existing.isPresent() && !isShell(existing.get())) {
          throw new InvalidInputException(
              "a container named " + job.name() + " exists but is not a Scylla shell");
        }
        if (existing.isEmpty()) {
          createShell(engine, job, staged);
        } else if (!existing.get().running()) {
          listener.notice("Starting shell " + job.name());
          engine.start(job.name());
        } else {
          listener.notice("Entering shell " + job.name());
        }
        List<String> entry = new ArrayList<>();
        entry.add(ScyllaImage.ENTRYPOINT);
        if (job.interactive()) {
          entry.add("bash");
          return new DockerCli()
              .execInteractive(job.name(), new ExecSpec(entry, Map.of(), null, null), true);
        }
        entry.addAll(job.command());
        return engine.exec(
            job.name(),
            new ExecSpec(entry, Map.of(), null, null),
            (stream, line) -> listener.output(stream == StreamType.STDERR, line));
      } finally {
        staged.ifPresent(s -> reportWriteBack(s.writeBack(), listener));
      }
    } finally {
      release(engine);
    }
  }

  private void createShell(
      ContainerRuntime engine, ShellJob job, Optional<StagedCredentials> staged) {
    if (image == null) {
      throw new IllegalStateException(
          "no runner image chosen: give image(ImageSource.bundled(scyllaJar)) or another source");
    }
    ImageRef ref = image.resolve(engine);
    if (ref.built()) {
      listener.notice("Built runner image " + ref.tag());
    }
    Path cwd = job.workingDirectory();
    MountPlan plan = new MountPlan();
    if (!plan.addIfMountable(cwd, false)) {
      listener.warning(cwd + " is not mounted into the shell: it would hide the container's own");
    }
    RunnerContainer.Builder spec =
        RunnerContainer.forShell(ref, job.name())
            .workingDirectory(cwd)
            .mounts(plan)
            .credentials(staged.orElse(null))
            .settings(settings);
    String id = engine.create(spec.build());
    engine.start(id);
    listener.notice("Started shell " + job.name());
  }

  /**
   * Scylla's shells on the engine.
   *
   * @throws dev.scylla.docker.DockerException when the engine cannot be reached
   */
  public List<ContainerInfo> shells() {
    ContainerRuntime engine = runtime.get();
    try {
      return engine.findContainers(ScyllaLabels.managed(ScyllaLabels.Kind.SHELL));
    } finally {
      release(engine);
    }
  }

  /**
   * Stops the shell {@code name} (its login synced with the host first), or removes it and its
   * staged login.
   *
   * @throws InvalidInputException when a container of that name is not a Scylla shell
   * @throws dev.scylla.docker.ContainerNotFoundException when there is no such shell
   */
  public void stopShell(String name, boolean remove) {
    ShellJob.requireName(name);
    ContainerRuntime engine = runtime.get();
    try {
      Optional<ContainerInfo> existing = engine.inspectContainer(name);
      if (existing.isPresent() && !isShell(existing.get())) {
        throw new InvalidInputException(name + " is not a Scylla shell; nothing was changed");
      }
      Optional<StagedCredentials> staged =
          stageShell(
              name, workingDirectory != null ? workingDirectory : Path.of("").toAbsolutePath());
      if (existing.isEmpty() && staged.isEmpty()) {
        throw new ContainerNotFoundException(name);
      }
      if (existing.isPresent()) {
        if (remove) {
          engine.stop(name, SHELL_STOP_GRACE);
          engine.remove(name);
        } else if (existing.get().running()) {
          engine.stop(name, SHELL_STOP_GRACE);
        }
      }
      staged.ifPresent(s -> reportWriteBack(s.writeBack(), listener));
      if (remove) {
        login.stager().removeShell(name);
      }
    } finally {
      release(engine);
    }
  }

  /** A shell name no container has yet: {@code scylla-shell-<n>}. */
  public String nextFreeShellName() {
    ContainerRuntime engine = runtime.get();
    try {
      for (int n = 1; ; n++) {
        String candidate = "scylla-shell-" + n;
        if (engine.inspectContainer(candidate).isEmpty()) {
          return candidate;
        }
      }
    } finally {
      release(engine);
    }
  }

  /**
   * Stages (or re-stages and syncs) a shell's login; none when no login is found (the shell's
   * banner then says what is missing).
   */
  private Optional<StagedCredentials> stageShell(String name, Path cwd) {
    HostCredentials host;
    try {
      host = HostCredentials.find(login.lookup());
    } catch (CredentialsException e) {
      listener.warning(e.getMessage());
      return Optional.empty();
    }
    host.warnings().forEach(listener::warning);
    return Optional.of(
        login.stager().stageForShell(host, name, login.stagingOptions(List.of(cwd))));
  }

  private static boolean isShell(ContainerInfo info) {
    return ScyllaLabels.Kind.SHELL.value().equals(info.labels().get(ScyllaLabels.KIND));
  }

  /** Closes the engine when the target connected it. */
  private void release(ContainerRuntime engine) {
    if (ownsRuntime) {
      engine.close();
    }
  }

  /** What a run container ended with, and what its output said. */
  private record Exit(
      int code, String experimentDir, String status, String message, List<String> tail) {}

  /**
   * Runs the job's document with the Scylla inside a runner container set up for it: the paths it
   * reads mounted read-only at the same place, those it writes writable, the working directory
   * read-only when it can be, the document in a private folder of its own, the login staged when it
   * needs one.
   */
  private Exit runJob(Job<?> job, PreparedExperiment prepared, JobRun.Stopping stop)
      throws InterruptedException, IOException {
    Path cwd = workingDirectory != null ? workingDirectory : Path.of("").toAbsolutePath();
    Job.Needs needs =
        prepared != null
            ? new Job.Needs(List.copyOf(prepared.readPaths()), prepared.needsLogin())
            : job.needs();
    List<Path> readPaths = needs.readPaths();
    boolean needsLogin = needs.needsLogin();
    MountPlan plan = new MountPlan();
    // Not mountable (e.g. /tmp): the job's paths are absolute, so nothing needs it.
    plan.addIfMountable(cwd, true);
    for (Path path : readPaths) {
      plan.add(path, true);
    }
    for (Path path : job.writePaths()) {
      plan.add(path, false);
    }
    RunnerContainer.checkMounts(plan, settings);
    if (prepared != null && prepared.remoteRepository()) {
      // Found now rather than inside the container, after an experiment folder was made.
      prepared.checkTaskRepository(REMOTE_CHECK_TIMEOUT);
    }
    Optional<HostCredentials> host = login.find(!needsLogin, listener);
    Path documentDir = JobFiles.privateDirectory();
    try {
      JobDocuments.write(job, documentDir.resolve(JobFiles.DOCUMENT));
      plan.addExplicit(documentDir, JobFiles.CONTAINER_DIR, true);
      List<String> arguments = new ArrayList<>(JobFiles.command());
      arguments.addAll(scyllaOptions);
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
        trusted.add(cwd);
        trusted.addAll(job.writePaths());
        StagedCredentials staged =
            host.isEmpty() ? null : login.stageForRun(host.get(), trusted, listener);
        try {
          for (Path path : job.writePaths()) {
            createDirectory(path);
          }
          RunnerContainer.Builder spec =
              RunnerContainer.forRun(ref, job.label(), arguments)
                  .workingDirectory(cwd)
                  .mounts(plan)
                  .credentials(staged)
                  .settings(settings);
          return runContainer(engine, spec, stop);
        } finally {
          if (staged != null) {
            try {
              reportWriteBack(staged.writeBack(), listener);
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
    } finally {
      JobFiles.delete(documentDir);
    }
  }

  private Exit runContainer(
      ContainerRuntime engine, RunnerContainer.Builder spec, JobRun.Stopping stop)
      throws InterruptedException {
    if (stop.requested()) {
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
      // A stop: the Scylla inside checkpoints on SIGTERM, then its code tells how it ended.
      stop.onStop(
          () -> {
            try {
              handle.stop(RunnerContainer.RUN_STOP_GRACE);
            } catch (RuntimeException e) {
              log.info("the runner container could not be stopped: {}", e.getMessage());
            }
          });
      log.info("running in container {}", handle.name());
      code = handle.waitFor(Duration.ofDays(30));
    }
    Progress end = finished.get();
    return new Exit(
        code,
        experimentDir.get(),
        end == null ? null : end.status(),
        end == null ? "" : end.message(),
        tail.lines());
  }

  /** A batch's outcome, read back from its batch folder, or the failure. */
  private BatchOutcome batchOutcome(Exit exit) throws InterruptedException {
    int code = exit.code();
    if (!isScyllaExit(code)) {
      throw containerFailure(code, exit.tail());
    }
    if (exit.experimentDir() == null) {
      if (code == ExitCodes.INTERRUPTED || code == 143) {
        throw new InterruptedException("the batch was stopped before it started");
      }
      throw new RunnerExitException(code, lastErrorLine(exit.tail(), code), true);
    }
    return BatchOutcome.read(Path.of(exit.experimentDir()));
  }

  /** What judging again did, read back from the experiment folder, or the failure. */
  private RejudgeOutcome rejudgeOutcome(Exit exit, RejudgeJob job) throws InterruptedException {
    int code = exit.code();
    if (!isScyllaExit(code)) {
      throw containerFailure(code, exit.tail());
    }
    if (code == ExitCodes.INTERRUPTED || code == 143) {
      throw new InterruptedException("judging again was stopped; run it again to finish");
    }
    if (code != ExitCodes.OK || exit.status() == null) {
      throw new RunnerExitException(
          code == ExitCodes.OK ? ExitCodes.RUNS_ERRORED : code,
          lastErrorLine(exit.tail(), code),
          true);
    }
    return RejudgeOutcome.parse(ReportLoader.load(job.experimentDir()), exit.message());
  }

  /** The experiment's outcome, read back from its results folder, or the failure. */
  private ExperimentOutcome outcome(Exit exit) throws InterruptedException {
    int code = exit.code();
    // Exit 1 means "completed with errored runs" only once an experiment started: before that it
    // is the runner failing (a JVM that cannot start exits 1 too).
    if (!isScyllaExit(code) || code == ExitCodes.RUNS_ERRORED && exit.experimentDir() == null) {
      throw containerFailure(code, exit.tail());
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
      throw containerFailure(code, exit.tail());
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

  /**
   * Says what the write-back of a staged login did: a notice when the host's login changed (a token
   * refreshed inside came back, or a newer host login was copied in), else a log line.
   */
  static void reportWriteBack(WriteBackResult result, RunListener listener) {
    if (result.outcome() == WriteBackResult.Outcome.UPDATED_HOST
        || result.outcome() == WriteBackResult.Outcome.HOST_NEWER_COPIED_IN) {
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
   * it means when known, and the last line of its output.
   */
  private static RunnerFailedException containerFailure(int containerExit, List<String> tail) {
    StringBuilder message =
        new StringBuilder("the runner container exited with code ").append(containerExit);
    if (containerExit == 137) {
      message.append(" (killed: out of memory? give the container more memory)");
    } else if (containerExit == 126 || containerExit == 127) {
      message.append(" (a program of the runner could not be started)");
    }
    lastLine(tail).ifPresent(last -> message.append(": ").append(last.strip()));
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
