package dev.scylla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scylla.api.ExitCodes;
import dev.scylla.api.KubernetesTarget;
import dev.scylla.api.RunJob;
import dev.scylla.cli.e2e.Host;
import dev.scylla.docker.ContainerRuntime;
import dev.scylla.docker.ImageRef;
import dev.scylla.docker.testing.RequiresDocker;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The pod spec {@code scylla run --target kubernetes --dry-run} prints REALLY RUNS: the test reads
 * the first pod back with fabric8 and turns it into a {@code docker run} on the real engine — the
 * image as given (the Kubernetes variant, built here), command and args, the environment with the
 * Secret's values put where the {@code secretKeyRef}s point, each volume as a temp dir (the job
 * annotation as its file, the empty dirs 0777 as a kubelet makes them), the pod's user and group,
 * and the security options Docker has ({@code --cap-drop ALL}, {@code no-new-privileges}, Docker's
 * default seccomp profile as RuntimeDefault, CPU and memory limits). The test then plays the
 * coordinator: it copies the inputs in, waits for the run to end, copies the run folder out and
 * marks it collected, and the container ends with exit 0.
 *
 * <p>What differs from a cluster (not proven here): no API server admits the objects (no admission,
 * no Pod Security Standard check, no RBAC); inputs and results move through bind-mounted temp dirs
 * instead of {@code exec}/tar through the API server; {@code runAsNonRoot} and the deadline are
 * checked by this test, not by a kubelet; the container has no network ({@code --network none},
 * which the scripted agent does not need) instead of the pod network; no image is pulled.
 */
@RequiresDocker
class PodSpecOnDockerIT {

  private static final Logger log = LoggerFactory.getLogger(PodSpecOnDockerIT.class);
  private static final Path REPO = Path.of(System.getProperty("scylla.repo.root")).normalize();
  private static final Path JAR = Path.of(System.getProperty("scylla.jar"));
  private static final String SECRET = "scylla-it-credentials";
  private static final String API_KEY = "sk-ant-api03-it-" + UUID.randomUUID();

  private static ContainerRuntime docker;
  private static ImageRef image;

  @TempDir Path dir;

  @BeforeAll
  static void buildTheKubernetesVariant() {
    docker = ContainerRuntime.docker();
    image =
        KubernetesTarget.imageBuilder(JAR, System.getenv())
            .build()
            .ensure(docker, line -> log.info("build: {}", line));
    log.info("Kubernetes runner image {} ({}built now)", image.tag(), image.built() ? "" : "not ");
  }

  @AfterAll
  static void disconnect() {
    if (docker != null) {
      docker.close();
    }
  }

  @Test
  void scriptedRun_inTheGeneratedPodSpec_runsOnDockerAndItsRunFolderComesOut() throws Exception {
    Path fixture = dir.resolve("host/hello-world");
    Host.copyTree(REPO.resolve("examples/hello-world"), fixture);
    Pod pod =
        firstPod(
            Map.of(),
            "--tiers-dir",
            fixture.toString(),
            "--tiers",
            "T0",
            "--runs",
            "1",
            "--max-subtests",
            "1",
            "--agent",
            "scripted:" + fixture.resolve("scripted-agent.yaml"),
            "--secret",
            SECRET);

    try (PodOnDocker running =
        new PodOnDocker(pod, dir, "none", Map.of(), Map.of("ANTHROPIC_API_KEY", API_KEY))) {
      running.copyInputsIn();
      JsonNode marker = running.awaitDone();
      // While it waits to be collected: the Secret's value reached the process, the user is fixed.
      assertThat(sh("docker", "exec", running.name, "printenv", "ANTHROPIC_API_KEY").strip())
          .isEqualTo(API_KEY);
      assertThat(sh("docker", "exec", running.name, "id", "-u").strip())
          .isEqualTo(Long.toString(KubernetesTarget.POD_UID));
      assertThat(marker.get("finished").asBoolean()).as(marker.toString()).isTrue();
      Path collected = running.collect(marker, dir.resolve("collected"));

      assertThat(running.awaitExit()).isEqualTo(ExitCodes.OK);
      String inspect =
          sh(
              "docker",
              "inspect",
              "--format",
              "{{json .HostConfig.CapDrop}} {{json .HostConfig.SecurityOpt}} {{.Config.User}}",
              running.name);
      assertThat(inspect).contains("\"ALL\"").contains("no-new-privileges").contains("10001:");

      JsonNode result = new ObjectMapper().readTree(collected.resolve("run_result.json").toFile());
      assertThat(result.get("run_number").asInt()).isEqualTo(1);
      assertThat(collected.resolve("agent")).isDirectory();
      assertThat(
              (Integer)
                  Files.getAttribute(
                      running
                          .results
                          .resolve(marker.get("run_dir").asText())
                          .resolve("run_result.json"),
                      "unix:uid",
                      LinkOption.NOFOLLOW_LINKS))
          .as("written by the pod's user")
          .isEqualTo(KubernetesTarget.POD_UID);
      assertThat(logs(running.name)).doesNotContain(API_KEY);
    }
  }

  /**
   * The real Claude Code CLI of the image, in the same pod spec, against the project's scripted
   * Messages API ({@code e2e/messages_api.py}) in a sidecar without a network; the pod's container
   * joins the sidecar's loopback. The token reaches the CLI only as the Secret's value through its
   * {@code secretKeyRef}; the test adds what a cluster would not have: the API's address ({@code
   * ANTHROPIC_BASE_URL}) and no retries. Proves a claude-code run (agent and judge) completes as
   * the pod's non-root user with a token from the environment and no staged login; not that the
   * real API accepts the token.
   */
  @Test
  void realCliRun_inTheGeneratedPodSpec_againstTheScriptedApi() throws Exception {
    Path fixture = dir.resolve("host/hello-world");
    Host.copyTree(REPO.resolve("examples/hello-world"), fixture);
    String token = "sk-ant-oat01-pod-it-" + UUID.randomUUID();
    Pod pod =
        firstPod(
            Map.of("CLAUDE_CODE_OAUTH_TOKEN", token),
            "--tiers-dir",
            fixture.toString(),
            "--tiers",
            "T0",
            "--runs",
            "1",
            "--max-subtests",
            "1",
            "--model",
            "claude-sonnet-4-5-20250929");
    Path state = Files.createDirectories(dir.resolve("api"));
    Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
    try (var in = PodSpecOnDockerIT.class.getResourceAsStream("/e2e/messages_api.py")) {
      Files.copy(in, state.resolve("messages_api.py"));
    }
    Files.writeString(
        state.resolve("script.json"),
        "{\"name\": \"pod\", \"answers\": [\n"
            + "{\"for\": \"agent\", \"tool_use\": {\"name\": \"Write\", \"input\": {\"file_path\":"
            + " \"{cwd}/hello.py\", \"content\": \"print(\\\"Hello, World!\\\")\"}}},\n"
            + "{\"for\": \"agent\", \"text\": \"Created hello.py.\"},\n"
            + "{\"for\": \"judge\", \"text\": "
            + new ObjectMapper()
                .writeValueAsString(
                    "{\"score\": 0.9, \"passed\": true, \"grade\": \"A\", \"reasoning\":"
                        + " \"hello.py prints the greeting\", \"categories\": {\"functional\":"
                        + " {\"score\": 1.0, \"explanation\": \"holds\"}}}")
            + "}\n]}\n");
    String sidecar = "scylla-pod-it-api-" + UUID.randomUUID().toString().substring(0, 8);
    sh(
        "docker",
        "run",
        "-d",
        "--name",
        sidecar,
        "--label",
        "dev.scylla.test=pod-spec-it",
        "--network",
        "none",
        "--user",
        "0:0",
        "-v",
        state + ":/state",
        "--entrypoint",
        "python3",
        image.tag(),
        "/state/messages_api.py",
        "/state",
        "8080");
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!Files.exists(state.resolve("ready")) && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(state.resolve("ready")).as("the scripted API listens").exists();

      try (PodOnDocker running =
          new PodOnDocker(
              pod,
              dir,
              "container:" + sidecar,
              Map.of("ANTHROPIC_BASE_URL", "http://127.0.0.1:8080", "CLAUDE_CODE_MAX_RETRIES", "0"),
              Map.of("CLAUDE_CODE_OAUTH_TOKEN", token))) {
        running.copyInputsIn();
        JsonNode marker = running.awaitDone();
        assertThat(marker.get("finished").asBoolean()).as(marker.toString()).isTrue();
        Path collected = running.collect(marker, dir.resolve("collected"));
        assertThat(running.awaitExit()).as(logs(running.name)).isEqualTo(ExitCodes.OK);

        assertThat(collected.resolve("workspace/hello.py"))
            .as("the real Write tool ran in the pod")
            .hasContent("print(\"Hello, World!\")");
        JsonNode result =
            new ObjectMapper().readTree(collected.resolve("run_result.json").toFile());
        assertThat(result.toString()).contains("0.9");
        List<String> requests = Files.readAllLines(state.resolve("requests-pod.jsonl"));
        assertThat(requests).anyMatch(r -> r.contains("\"kind\": \"agent\""));
        assertThat(requests).anyMatch(r -> r.contains("\"kind\": \"judge\""));
        assertThat(requests).noneMatch(r -> r.contains("\"unscripted\": true"));
        assertThat(logs(running.name)).doesNotContain(token);
        try (var files = Files.walk(collected)) {
          for (Path f : (Iterable<Path>) files::iterator) {
            if (Files.isRegularFile(f) && Files.size(f) < 5_000_000) {
              assertThat(Files.readString(f, StandardCharsets.ISO_8859_1))
                  .as("no token in %s", f)
                  .doesNotContain(token);
            }
          }
        }
      }
    } finally {
      cleanUp(sidecar, List.of(state));
    }
  }

  /**
   * A pod spec turned into a running {@code docker run}: the volumes as temp dirs, the pod's user
   * and security options, the environment with the Secret's values; closing it removes the
   * container and makes what the pod's user wrote removable.
   */
  private static final class PodOnDocker implements AutoCloseable {
    final String name = "scylla-pod-it-" + UUID.randomUUID().toString().substring(0, 8);
    final RunJob job;
    final Map<String, Path> volumes = new java.util.HashMap<>();
    final Path inputs;
    final Path results;

    /**
     * Starts it.
     *
     * @param network Docker's network for the container (a cluster gives the pod network)
     * @param testEnv variables the test adds beyond the spec (the scripted API's address)
     * @param secretValues the Secret's keys and values the {@code secretKeyRef}s point to
     */
    PodOnDocker(
        Pod pod,
        Path dir,
        String network,
        Map<String, String> testEnv,
        Map<String, String> secretValues)
        throws IOException, InterruptedException {
      Container c = pod.getSpec().getContainers().get(0);
      PodSecurityContext security = pod.getSpec().getSecurityContext();
      assertThat(security.getRunAsNonRoot()).isTrue();
      assertThat(security.getRunAsUser()).as("a non-root user").isPositive();
      job =
          new ObjectMapper()
              .readValue(pod.getMetadata().getAnnotations().get("dev.scylla/job"), RunJob.class);

      // Volumes as temp dirs: the job annotation as its one file, each empty dir world-writable.
      for (Volume v : pod.getSpec().getVolumes()) {
        Path host = Files.createDirectories(dir.resolve("volumes").resolve(v.getName()));
        Files.setPosixFilePermissions(host, PosixFilePermissions.fromString("rwxrwxrwx"));
        if (v.getDownwardAPI() != null) {
          var item = v.getDownwardAPI().getItems().get(0);
          Files.writeString(
              host.resolve(item.getPath()),
              pod.getMetadata()
                  .getAnnotations()
                  .get(annotation(item.getFieldRef().getFieldPath())));
        }
        volumes.put(v.getName(), host);
      }
      inputs = volumes.get(mountedAt(c, job.io().inputsRoot()));
      results = volumes.get(mountedAt(c, job.io().resultsDir()));

      List<String> run = new ArrayList<>(List.of("docker", "run", "-d", "--name", name));
      run.addAll(List.of("--label", "dev.scylla.test=pod-spec-it", "--network", network));
      run.addAll(List.of("--user", security.getRunAsUser() + ":" + security.getRunAsGroup()));
      run.addAll(List.of("--group-add", Long.toString(security.getFsGroup())));
      var cs = c.getSecurityContext();
      if (Boolean.FALSE.equals(cs.getAllowPrivilegeEscalation())) {
        run.addAll(List.of("--security-opt", "no-new-privileges"));
      }
      for (String cap : cs.getCapabilities().getDrop()) {
        run.addAll(List.of("--cap-drop", cap));
      }
      assertThat(cs.getSeccompProfile().getType())
          .as("Docker's default seccomp profile is what RuntimeDefault means on a Docker node")
          .isEqualTo("RuntimeDefault");
      run.addAll(List.of("--cpus", c.getResources().getLimits().get("cpu").toString()));
      run.addAll(
          List.of(
              "--memory",
              Long.toString(
                  c.getResources()
                      .getLimits()
                      .get("memory")
                      .getNumericalAmount()
                      .longValueExact())));
      for (EnvVar e : c.getEnv()) {
        String value =
            e.getValueFrom() == null
                ? e.getValue()
                : secretValues.get(e.getValueFrom().getSecretKeyRef().getKey());
        if (value != null) {
          run.addAll(List.of("-e", e.getName() + "=" + value));
        }
      }
      testEnv.forEach((k, v) -> run.addAll(List.of("-e", k + "=" + v)));
      for (VolumeMount m : c.getVolumeMounts()) {
        run.addAll(
            List.of(
                "-v",
                volumes.get(m.getName())
                    + ":"
                    + m.getMountPath()
                    + (Boolean.TRUE.equals(m.getReadOnly()) ? ":ro" : "")));
      }
      run.addAll(List.of("--entrypoint", c.getCommand().get(0), c.getImage()));
      run.addAll(c.getCommand().subList(1, c.getCommand().size()));
      run.addAll(c.getArgs());
      sh(run.toArray(String[]::new));
    }

    /** The coordinator's part: the inputs under their host paths, then the marker, last. */
    void copyInputsIn() throws IOException {
      for (String input : job.io().inputs()) {
        Path target = inputs.resolve(input.substring(1));
        Files.createDirectories(target.getParent());
        Host.copyTree(Path.of(input), target);
      }
      Files.writeString(inputs.resolve(RunJob.Io.INPUTS_READY), "");
    }

    /** The done marker, once the run wrote it. */
    JsonNode awaitDone() throws IOException, InterruptedException {
      Path done = results.resolve(RunJob.Io.RUN_DONE);
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (!Files.exists(done) && System.nanoTime() < deadline && running(name)) {
        Thread.sleep(500);
      }
      assertThat(done).as("run done; container log:\n%s", logs(name)).exists();
      return new ObjectMapper().readTree(done.toFile());
    }

    /** Copies the run folder out to {@code to}, then tells the pod it may end. */
    Path collect(JsonNode marker, Path to) throws IOException {
      Host.copyTree(results.resolve(marker.get("run_dir").asText()), to);
      Files.writeString(results.resolve(RunJob.Io.COLLECTED), "");
      return to;
    }

    /** The container's exit code. */
    int awaitExit() throws IOException, InterruptedException {
      String code = sh("timeout", "120", "docker", "wait", name).strip();
      return Integer.parseInt(code);
    }

    @Override
    public void close() {
      cleanUp(name, volumes.values());
    }
  }

  /**
   * Removes the container; what the pod's user wrote is made writable for this test's user, so the
   * temp dir can be deleted. Failures are logged: the test's own failure matters more.
   */
  private static void cleanUp(String name, java.util.Collection<Path> volumes) {
    try {
      sh("docker", "rm", "-f", name);
      for (Path v : volumes) {
        sh(
            "docker",
            "run",
            "--rm",
            "--network",
            "none",
            "--user",
            KubernetesTarget.POD_UID + ":" + KubernetesTarget.POD_UID,
            "-v",
            v + ":/v",
            "--entrypoint",
            "find",
            image.tag(),
            "/v",
            "-uid",
            Long.toString(KubernetesTarget.POD_UID),
            "-exec",
            "chmod",
            "a+rwX",
            "{}",
            "+");
      }
    } catch (IOException | AssertionError e) {
      log.warn("clean-up after {} failed: {}", name, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * {@code scylla image status --target kubernetes} (the real jar, in a process) names the variant
   * built above, as {@code image status} names the runner image: proves the CLI computes the same
   * content-hash tag as the API's builder and finds it current.
   */
  @Test
  void imageStatus_kubernetes_printsTheVariantsTag() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                javaBin(), "-jar", JAR.toString(), "image", "status", "--target", "kubernetes")
            .redirectErrorStream(true);
    Process p = pb.start();
    p.getOutputStream().close();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out.lines()).contains("Tag:     " + image.tag());
    assertThat(out).contains("Current: yes");
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The first pod of {@code scylla run --target kubernetes --dry-run ARGS} with {@code env}. */
  private static Pod firstPod(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        ScyllaCli.commandLine(
            new CommandLine.IFactory() {
              @Override
              public <K> K create(Class<K> cls) throws Exception {
                if (cls == RunCommand.class) {
                  return cls.cast(
                      new RunCommand(
                          () -> {
                            throw new AssertionError("a dry run needs no Docker");
                          },
                          new Images.Source(env, () -> JAR)));
                }
                return CommandLine.defaultFactory().create(cls);
              }
            });
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all =
        new ArrayList<>(
            List.of(
                "run",
                "--target",
                "kubernetes",
                "--dry-run",
                "--image",
                image.tag(),
                "--cpus",
                "1",
                "--memory",
                "2g"));
    all.addAll(List.of(args));
    int code = cli.execute(all.toArray(String[]::new));
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("---");
    List<Object> objects = new ArrayList<>();
    for (String doc : out.toString().split("(?m)^---\\n")) {
      if (!doc.isBlank()) {
        objects.add(
            new KubernetesSerialization()
                .unmarshal(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8))));
      }
    }
    return objects.stream()
        .filter(o -> o instanceof Pod)
        .map(Pod.class::cast)
        .findFirst()
        .orElseThrow();
  }

  /** Runs a command; its output, or the test fails naming the command and what it printed. */
  private static String sh(String... command) throws IOException, InterruptedException {
    Path output = Files.createTempFile("scylla-pod-it", ".txt");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      boolean ended = process.waitFor(180, TimeUnit.SECONDS);
      if (!ended) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      if (!ended || process.exitValue() != 0) {
        throw new AssertionError(
            String.join(" ", command) + (ended ? " failed:\n" : " timed out:\n") + text);
      }
      return text;
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static String annotation(String fieldPath) {
    Matcher m = Pattern.compile("metadata\\.annotations\\['(.+)'\\]").matcher(fieldPath);
    assertThat(m.matches()).as(fieldPath).isTrue();
    return m.group(1);
  }

  private static String mountedAt(Container c, String path) {
    return c.getVolumeMounts().stream()
        .filter(m -> m.getMountPath().equals(path))
        .findFirst()
        .orElseThrow()
        .getName();
  }

  private static boolean running(String name) throws IOException, InterruptedException {
    return sh("docker", "inspect", "--format", "{{.State.Running}}", name).strip().equals("true");
  }

  private static String logs(String name) {
    try {
      Process p = new ProcessBuilder("docker", "logs", name).redirectErrorStream(true).start();
      p.waitFor(30, TimeUnit.SECONDS);
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }
}
