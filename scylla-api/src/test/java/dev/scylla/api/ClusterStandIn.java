package dev.scylla.api;

import dev.scylla.api.internal.JobJson;
import dev.scylla.api.internal.RunPods;
import dev.scylla.kubernetes.ClusterException;
import dev.scylla.kubernetes.PodExec;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a cluster's kubelets would do, for tests against fabric8's mock API server (which runs no
 * controller): a new pod is set Running (or failing to pull its image), and its run executes in
 * this JVM with {@link PodRun} in a folder that stands for the pod's file system; commands sent to
 * a pod run as real processes ({@code sh}, {@code tar}) with the pod's paths under that folder. It
 * counts the runs that finished and the pods running at once.
 */
final class ClusterStandIn implements PodExec, AutoCloseable {

  private final KubernetesClient client;
  private final String namespace;
  private final Path root;
  private final Thread loop;
  private final Map<String, Thread> runs = new ConcurrentHashMap<>();
  private final Set<String> evicted = ConcurrentHashMap.newKeySet();

  /** Each pod's folder: a new one for every pod made under the same name. */
  private final Map<String, Path> folders = new ConcurrentHashMap<>();

  private final AtomicInteger made = new AtomicInteger();

  /** Runs (tier/sub-test/run) whose first pod is evicted once its inputs are in. */
  final Set<String> evictFirst = ConcurrentHashMap.newKeySet();

  /** Every run that finished in a pod, with how often. */
  final Map<String, AtomicInteger> finished = new ConcurrentHashMap<>();

  /** The last job each run's pod was given (tier/sub-test/run). */
  final Map<String, RunJob> jobs = new ConcurrentHashMap<>();

  /** The order in which runs finished. */
  final List<String> finishOrder = java.util.Collections.synchronizedList(new ArrayList<>());

  final AtomicInteger maxRunning = new AtomicInteger();
  volatile boolean imagePullFails;
  private volatile boolean closed;

  ClusterStandIn(KubernetesClient client, String namespace, Path root) {
    this.client = client;
    this.namespace = namespace;
    this.root = root;
    this.loop = new Thread(this::loop, "cluster-stand-in");
    loop.setDaemon(true);
    loop.start();
  }

  private void loop() {
    while (!closed) {
      try {
        tick();
        Thread.sleep(30);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // The mock server answers while the test tears it down.
      }
    }
  }

  private void tick() {
    List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
    Set<String> names = ConcurrentHashMap.newKeySet();
    int running = 0;
    for (Pod pod : pods) {
      String name = pod.getMetadata().getName();
      names.add(name);
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      if (phase == null) {
        if (imagePullFails) {
          setStatus(
              pod,
              new PodStatusBuilder()
                  .withPhase("Pending")
                  .withContainerStatuses(
                      new ContainerStatusBuilder()
                          .withName("run")
                          .withNewState()
                          .withNewWaiting()
                          .withReason("ErrImagePull")
                          .withMessage("pull access denied")
                          .endWaiting()
                          .endState()
                          .build())
                  .build());
        } else {
          evicted.remove(name);
          folders.put(name, root.resolve(made.incrementAndGet() + "-" + name));
          setStatus(pod, new PodStatusBuilder().withPhase("Running").build());
          start(pod);
        }
      } else if (phase.equals("Running")) {
        running++;
        String key = key(pod);
        if (Files.exists(podPath(name, "/scylla/in/.scylla-inputs-ready"))
            && evictFirst.remove(key)) {
          evicted.add(name);
          Thread t = runs.remove(name);
          if (t != null) {
            t.interrupt();
          }
          setStatus(
              pod,
              new PodStatusBuilder()
                  .withPhase("Failed")
                  .withReason("Evicted")
                  .withMessage("The node was low on resource: memory.")
                  .build());
        }
      }
    }
    maxRunning.accumulateAndGet(running, Math::max);
    for (String name : runs.keySet()) {
      if (!names.contains(name)) {
        Thread t = runs.remove(name);
        if (t != null) {
          t.interrupt();
        }
      }
    }
  }

  private void setStatus(Pod pod, io.fabric8.kubernetes.api.model.PodStatus status) {
    pod.setStatus(status);
    client.pods().inNamespace(namespace).resource(pod).updateStatus();
  }

  private static String key(Pod pod) {
    Map<String, String> l = pod.getMetadata().getLabels();
    return l.get("dev.scylla/tier")
        + "/"
        + l.get("dev.scylla/subtest")
        + "/"
        + l.get("dev.scylla/run");
  }

  /** The pod's container: its job executed with PodRun under the pod's folder. */
  private void start(Pod pod) {
    String name = pod.getMetadata().getName();
    RunJob job;
    try {
      Path file = Files.createDirectories(podPath(name, "/scylla/job")).resolve("job.json");
      Files.writeString(file, pod.getMetadata().getAnnotations().get(RunPods.JOB_ANNOTATION));
      job = JobJson.read(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    RunJob.Io io = job.io();
    RunJob moved =
        new RunJob(
            job.version(),
            job.run(),
            job.settings(),
            new RunJob.Io(
                podPath(name, io.inputsRoot()).toString(),
                io.inputs(),
                io.taskBundle() == null ? null : podPath(name, io.taskBundle()).toString(),
                podPath(name, io.resultsDir()).toString(),
                30,
                60));
    String key = key(pod);
    jobs.put(key, job);
    Path done = Path.of(moved.io().resultsDir()).resolve(RunJob.Io.RUN_DONE);
    Thread t =
        new Thread(
            () -> {
              try {
                PodRun.of(moved).environment(Map.of()).run();
              } catch (InterruptedException e) {
                // The pod was deleted or evicted.
              } catch (RuntimeException e) {
                // The container ends; the test sees the pod's state.
              } finally {
                // A run executed to completion is one whose pod wrote its done marker.
                try {
                  if (Files.exists(done) && Files.readString(done).contains("\"finished\":true")) {
                    finished.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                    finishOrder.add(key);
                  }
                } catch (IOException e) {
                  // Not counted.
                }
              }
            },
            "pod-" + name);
    t.setDaemon(true);
    runs.put(name, t);
    t.start();
  }

  Path podPath(String pod, String path) {
    return folders
        .getOrDefault(pod, root.resolve("none"))
        .resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  /** A command in a pod: the pod's paths moved under its folder, then run as a real process. */
  @Override
  public int exec(String pod, List<String> command, InputStream stdin, OutputStream stdout)
      throws InterruptedException {
    Pod p = client.pods().inNamespace(namespace).withName(pod).get();
    if (p == null
        || p.getStatus() == null
        || !"Running".equals(p.getStatus().getPhase())
        || evicted.contains(pod)) {
      throw new ClusterException(
          ClusterException.Problem.TRANSIENT, "pod " + pod + " does not run its container");
    }
    List<String> moved = new ArrayList<>();
    for (String arg : command) {
      moved.add(arg.startsWith("/scylla/") ? podPath(pod, arg).toString() : arg);
    }
    try {
      Process process =
          new ProcessBuilder(moved).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      Thread feeder =
          new Thread(
              () -> {
                try (OutputStream in = process.getOutputStream()) {
                  if (stdin != null) {
                    stdin.transferTo(in);
                  }
                } catch (IOException e) {
                  // The process ended early; its exit code says so.
                }
              });
      feeder.start();
      process.getInputStream().transferTo(stdout);
      int code = process.waitFor();
      feeder.join();
      return code;
    } catch (IOException e) {
      throw new ClusterException(ClusterException.Problem.TRANSIENT, e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    closed = true;
    loop.interrupt();
    runs.values().forEach(Thread::interrupt);
  }
}
