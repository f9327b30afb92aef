package dev.scylla.docker.testing;

import dev.scylla.docker.BuildListener;
import dev.scylla.docker.BuildRequest;
import dev.scylla.docker.ContainerException;
import dev.scylla.docker.ContainerHandle;
import dev.scylla.docker.ContainerInfo;
import dev.scylla.docker.ContainerNotFoundException;
import dev.scylla.docker.ContainerRuntime;
import dev.scylla.docker.ContainerSpec;
import dev.scylla.docker.ContainerTimeoutException;
import dev.scylla.docker.DockerException;
import dev.scylla.docker.EngineInfo;
import dev.scylla.docker.ExecSpec;
import dev.scylla.docker.ImageBuildException;
import dev.scylla.docker.ImageInfo;
import dev.scylla.docker.OutputListener;
import dev.scylla.docker.StreamType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link ContainerRuntime} for tests of code that drives containers (the CLI, the
 * engine). Nothing runs for real: a container's command is interpreted by {@link Program}s.
 *
 * <p>Built in: {@code sh -c SCRIPT} where the script is statements separated by {@code ;} or
 * newlines, each one of {@code echo WORDS} (with {@code >&2} for stderr), {@code exit N}, {@code
 * sleep SECONDS} (ends early when the container is stopped), {@code id -u}/{@code id -g} (from the
 * spec's user), {@code true}, {@code false}, or a registered program. A command whose program is
 * unknown exits 0 with no output. Register behaviour with {@link #onCommand(String, Program)}.
 */
public final class FakeContainerRuntime implements ContainerRuntime {

  /** What a program does when a fake container or exec runs it. */
  @FunctionalInterface
  public interface Program {
    /** Runs with {@code args} (the program name first) and returns the exit code. */
    int run(Context context, List<String> args) throws InterruptedException;
  }

  /** What a running program sees. */
  public interface Context {
    /** The container's spec. */
    ContainerSpec spec();

    /** Writes a line to stdout. */
    void out(String line);

    /** Writes a line to stderr. */
    void err(String line);

    /** Sleeps, ending early (with InterruptedException) when the container is stopped. */
    void sleep(Duration duration) throws InterruptedException;
  }

  private final Map<String, Program> programs = new ConcurrentHashMap<>();
  private final Map<String, FakeContainer> containers = new LinkedHashMap<>();
  private final Map<String, ImageInfo> images = new LinkedHashMap<>();
  private final List<BuildRequest> builds = new ArrayList<>();
  private final List<ContainerSpec> runs = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private volatile Duration buildDelay = Duration.ZERO;
  private volatile String failNextBuild;
  private volatile boolean closed;
  private volatile java.util.function.Consumer<BuildRequest> onBuild = request -> {};

  /** A fake with no images and no containers. */
  public FakeContainerRuntime() {}

  /** Makes {@code program} (matched by the command's first word, path ignored) behave so. */
  public FakeContainerRuntime onCommand(String program, Program behaviour) {
    programs.put(program, behaviour);
    return this;
  }

  /** Adds an image, as if pulled or built earlier. */
  public synchronized FakeContainerRuntime withImage(String tag, Map<String, String> labels) {
    String id = newId();
    images.put(id, new ImageInfo(id, List.of(tag), labels, 1_000_000));
    return this;
  }

  /** Makes every build take this long (to exercise concurrent callers). */
  public FakeContainerRuntime buildDelay(Duration delay) {
    this.buildDelay = delay;
    return this;
  }

  /** Runs {@code hook} during every build, while the build context still exists. */
  public FakeContainerRuntime onBuild(java.util.function.Consumer<BuildRequest> hook) {
    this.onBuild = hook;
    return this;
  }

  /** Makes the next build fail with this log line. */
  public FakeContainerRuntime failNextBuild(String logLine) {
    this.failNextBuild = logLine;
    return this;
  }

  /** Every build requested so far, oldest first. */
  public synchronized List<BuildRequest> builds() {
    return List.copyOf(builds);
  }

  /** Every container spec run or created so far, oldest first. */
  public synchronized List<ContainerSpec> runs() {
    return List.copyOf(runs);
  }

  /** Every container that exists now. */
  public synchronized List<ContainerInfo> containers() {
    return containers.values().stream().map(FakeContainer::info).toList();
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public EngineInfo info() {
    return new EngineInfo("fake://memory", "0.0.0-fake", "1.41", "linux/fake");
  }

  @Override
  public synchronized Optional<ImageInfo> inspectImage(String reference) {
    return images.values().stream()
        .filter(i -> i.id().equals(reference) || i.tags().contains(reference))
        .findFirst();
  }

  @Override
  public synchronized List<ImageInfo> findImages(Map<String, String> labels) {
    return images.values().stream()
        .filter(i -> i.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
  }

  @Override
  public String build(BuildRequest request, BuildListener listener) {
    synchronized (this) {
      builds.add(request);
    }
    onBuild.accept(request);
    listener.onLine("Step 1/1 : FROM fake");
    listener.onStep(1, 1, "FROM fake");
    try {
      Thread.sleep(buildDelay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageBuildException("the fake build was interrupted", List.of(), e);
    }
    String failure = failNextBuild;
    if (failure != null) {
      failNextBuild = null;
      listener.onLine(failure);
      throw new ImageBuildException("the fake build failed", List.of(failure), null);
    }
    synchronized (this) {
      String id = newId();
      for (String tag : request.tags()) {
        untag(tag);
      }
      images.put(id, new ImageInfo(id, List.copyOf(request.tags()), request.labels(), 1_000_000));
      listener.onLine("Successfully built " + id);
      return id;
    }
  }

  @Override
  public synchronized void tagImage(String imageId, String tag) {
    ImageInfo image = images.get(imageId);
    if (image == null) {
      throw new DockerException("cannot tag " + imageId + " as " + tag + ": no such image");
    }
    untag(tag);
    image = images.get(imageId);
    List<String> tags = new ArrayList<>(image.tags());
    tags.add(tag);
    images.put(imageId, new ImageInfo(imageId, tags, image.labels(), image.sizeBytes()));
  }

  @Override
  public synchronized boolean removeImage(String reference, boolean force) {
    Optional<ImageInfo> image = inspectImage(reference);
    if (image.isEmpty()) {
      return false;
    }
    boolean used =
        containers.values().stream().anyMatch(c -> image.get().tags().contains(c.spec.image()));
    if (used && !force) {
      throw new DockerException("cannot remove image " + reference + ": a container uses it");
    }
    images.remove(image.get().id());
    return true;
  }

  @Override
  public synchronized String create(ContainerSpec spec) {
    if (inspectImage(spec.image()).isEmpty()) {
      throw new ContainerException(
          "cannot create a container: image " + spec.image() + " is not present");
    }
    String id = newId().substring("sha256:".length());
    String name = spec.name() != null ? spec.name() : "fake_" + id.substring(0, 8);
    if (containers.values().stream().anyMatch(c -> c.name.equals(name))) {
      throw new ContainerException("cannot create container " + name + ": the name is in use");
    }
    runs.add(spec);
    containers.put(id, new FakeContainer(id, name, spec));
    return id;
  }

  @Override
  public ContainerHandle run(ContainerSpec spec, OutputListener output) {
    String id = create(spec);
    FakeContainer container;
    synchronized (this) {
      container = containers.get(id);
    }
    container.start(output);
    return new FakeHandle(container);
  }

  @Override
  public void start(String nameOrId) {
    FakeContainer container =
        find(nameOrId).orElseThrow(() -> new ContainerNotFoundException(nameOrId));
    if (!container.running()) {
      container.start(OutputListener.ignore());
    }
  }

  @Override
  public void stop(String nameOrId, Duration grace) {
    FakeContainer container =
        find(nameOrId).orElseThrow(() -> new ContainerNotFoundException(nameOrId));
    container.stop();
  }

  @Override
  public boolean remove(String nameOrId) {
    Optional<FakeContainer> container = find(nameOrId);
    if (container.isEmpty()) {
      return false;
    }
    container.get().stop();
    synchronized (this) {
      containers.remove(container.get().id);
    }
    return true;
  }

  @Override
  public Optional<ContainerInfo> inspectContainer(String nameOrId) {
    return find(nameOrId).map(FakeContainer::info);
  }

  @Override
  public synchronized List<ContainerInfo> findContainers(Map<String, String> labels) {
    return containers.values().stream()
        .filter(c -> c.spec.labels().entrySet().containsAll(labels.entrySet()))
        .map(FakeContainer::info)
        .toList();
  }

  @Override
  public int exec(String nameOrId, ExecSpec spec, OutputListener output) {
    FakeContainer container =
        find(nameOrId).orElseThrow(() -> new ContainerNotFoundException(nameOrId));
    if (!container.running()) {
      throw new ContainerException(
          "cannot run a command in container " + nameOrId + ": it is not running (start it first)");
    }
    ContainerSpec execSpec =
        spec.user() == null ? container.spec : container.spec.toBuilder().user(spec.user()).build();
    Execution execution = new Execution(execSpec, output, new CountDownLatch(1));
    try {
      return execution.run(spec.command());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ContainerException("interrupted while running a command in " + nameOrId, e);
    }
  }

  @Override
  public void close() {
    closed = true;
  }

  private synchronized Optional<FakeContainer> find(String nameOrId) {
    return containers.values().stream()
        .filter(c -> c.id.equals(nameOrId) || c.name.equals(nameOrId))
        .findFirst();
  }

  private void untag(String tag) {
    for (ImageInfo other : List.copyOf(images.values())) {
      if (other.tags().contains(tag)) {
        List<String> rest = new ArrayList<>(other.tags());
        rest.remove(tag);
        images.put(other.id(), new ImageInfo(other.id(), rest, other.labels(), other.sizeBytes()));
      }
    }
  }

  private String newId() {
    return String.format("sha256:%064x", ids.incrementAndGet());
  }

  /** One simulated container. */
  private final class FakeContainer {
    final String id;
    final String name;
    final ContainerSpec spec;
    private volatile String state = "created";
    private volatile Integer exitCode;
    private volatile Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch exited = new CountDownLatch(1);

    FakeContainer(String id, String name, ContainerSpec spec) {
      this.id = id;
      this.name = name;
      this.spec = spec;
    }

    boolean running() {
      return state.equals("running");
    }

    synchronized void start(OutputListener output) {
      state = "running";
      Execution execution = new Execution(spec, output, stopped);
      thread =
          new Thread(
              () -> {
                int code;
                try {
                  code = execution.run(spec.command());
                } catch (InterruptedException e) {
                  code = 143;
                }
                exitCode = code;
                state = "exited";
                exited.countDown();
              },
              "fake-container-" + name);
      thread.setDaemon(true);
      thread.start();
    }

    void stop() {
      stopped.countDown();
      Thread t = thread;
      if (t != null) {
        t.interrupt();
        try {
          exited.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    boolean awaitExit(Duration timeout) throws InterruptedException {
      return exited.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    ContainerInfo info() {
      Integer code = exitCode;
      return new ContainerInfo(
          id,
          name,
          spec.image(),
          state,
          code == null ? OptionalInt.empty() : OptionalInt.of(code),
          spec.labels(),
          spec.user(),
          spec.cpus(),
          spec.memoryBytes(),
          spec.pidsLimit(),
          spec.init(),
          spec.networkMode(),
          spec.mounts());
    }
  }

  /** A handle on a simulated container. */
  private final class FakeHandle implements ContainerHandle {
    private final FakeContainer container;

    FakeHandle(FakeContainer container) {
      this.container = container;
    }

    @Override
    public String id() {
      return container.id;
    }

    @Override
    public String name() {
      return container.name;
    }

    @Override
    public int waitFor(Duration timeout) throws InterruptedException {
      if (!container.awaitExit(timeout)) {
        stop(container.spec.stopGrace());
        throw new ContainerTimeoutException(container.name, timeout);
      }
      return container.exitCode;
    }

    @Override
    public void stop(Duration grace) {
      remove(container.id);
    }

    @Override
    public void close() {
      stop(container.spec.stopGrace());
    }
  }

  /** Interprets a command for one container run or exec. */
  private final class Execution implements Context {
    private final ContainerSpec spec;
    private final OutputListener output;
    private final CountDownLatch stopped;

    Execution(ContainerSpec spec, OutputListener output, CountDownLatch stopped) {
      this.spec = spec;
      this.output = output;
      this.stopped = stopped;
    }

    int run(List<String> command) throws InterruptedException {
      if (command.isEmpty()) {
        return 0;
      }
      String program = command.get(0).substring(command.get(0).lastIndexOf('/') + 1);
      if ((program.equals("sh") || program.equals("bash"))
          && command.size() >= 3
          && command.get(1).equals("-c")) {
        return script(command.get(2));
      }
      return statement(command);
    }

    private int script(String script) throws InterruptedException {
      int status = 0;
      for (String statement : script.split("[;\\n]")) {
        List<String> words = words(statement);
        if (words.isEmpty()) {
          continue;
        }
        if (words.get(0).equals("exit")) {
          return words.size() > 1 ? Integer.parseInt(words.get(1)) : status;
        }
        status = statement(words);
      }
      return status;
    }

    private int statement(List<String> words) throws InterruptedException {
      String program = words.get(0).substring(words.get(0).lastIndexOf('/') + 1);
      Program registered = programs.get(program);
      if (registered != null) {
        return registered.run(this, words);
      }
      switch (program) {
        case "echo" -> {
          boolean toErr = words.get(words.size() - 1).equals(">&2");
          List<String> text = words.subList(1, toErr ? words.size() - 1 : words.size());
          if (toErr) {
            err(String.join(" ", text));
          } else {
            out(String.join(" ", text));
          }
          return 0;
        }
        case "sleep" -> {
          sleep(Duration.ofMillis((long) (Double.parseDouble(words.get(1)) * 1000)));
          return 0;
        }
        case "id" -> {
          String user = spec.user() == null ? "0:0" : spec.user();
          String[] ids = user.split(":");
          out(words.contains("-g") ? (ids.length > 1 ? ids[1] : ids[0]) : ids[0]);
          return 0;
        }
        case "false" -> {
          return 1;
        }
        default -> {
          return 0;
        }
      }
    }

    private List<String> words(String statement) {
      List<String> words = new ArrayList<>();
      StringBuilder word = new StringBuilder();
      char quote = 0;
      boolean inWord = false;
      for (char c : statement.strip().toCharArray()) {
        if (quote != 0) {
          if (c == quote) {
            quote = 0;
          } else {
            word.append(c);
          }
        } else if (c == '\'' || c == '"') {
          quote = c;
          inWord = true;
        } else if (Character.isWhitespace(c)) {
          if (inWord) {
            words.add(word.toString());
            word.setLength(0);
            inWord = false;
          }
        } else {
          word.append(c);
          inWord = true;
        }
      }
      if (inWord) {
        words.add(word.toString());
      }
      return words;
    }

    @Override
    public ContainerSpec spec() {
      return spec;
    }

    @Override
    public void out(String line) {
      output.onLine(StreamType.STDOUT, line);
    }

    @Override
    public void err(String line) {
      output.onLine(spec.tty() ? StreamType.STDOUT : StreamType.STDERR, line);
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      if (stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new InterruptedException("container stopped");
      }
    }
  }
}
