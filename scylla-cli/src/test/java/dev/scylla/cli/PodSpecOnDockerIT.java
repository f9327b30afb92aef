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
    Pod pod = firstPod(fixture);
    Container c = pod.getSpec().getContainers().get(0);
    PodSecurityContext security = pod.getSpec().getSecurityContext();
    assertThat(security.getRunAsNonRoot()).isTrue();
    assertThat(security.getRunAsUser()).as("a non-root user").isPositive();

    // Volumes as temp dirs: the job annotation as its one file, each empty dir world-writable.
    Map<String, Path> volumes = new java.util.HashMap<>();
    for (Volume v : pod.getSpec().getVolumes()) {
      Path host = Files.createDirectories(dir.resolve("volumes").resolve(v.getName()));
      Files.setPosixFilePermissions(host, PosixFilePermissions.fromString("rwxrwxrwx"));
      if (v.getDownwardAPI() != null) {
        var item = v.getDownwardAPI().getItems().get(0);
        Files.writeString(
            host.resolve(item.getPath()),
            pod.getMetadata().getAnnotations().get(annotation(item.getFieldRef().getFieldPath())));
      }
      volumes.put(v.getName(), host);
    }
    String name = "scylla-pod-it-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> run = new ArrayList<>(List.of("docker", "run", "-d", "--name", name));
    run.addAll(List.of("--label", "dev.scylla.test=pod-spec-it", "--network", "none"));
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
                c.getResources().getLimits().get("memory").getNumericalAmount().longValueExact())));
    Map<String, String> secretValues = Map.of("ANTHROPIC_API_KEY", API_KEY);
    for (EnvVar e : c.getEnv()) {
      String value =
          e.getValueFrom() == null
              ? e.getValue()
              : secretValues.get(e.getValueFrom().getSecretKeyRef().getKey());
      if (value != null) {
        run.addAll(List.of("-e", e.getName() + "=" + value));
      }
    }
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

    RunJob job =
        new ObjectMapper()
            .readValue(pod.getMetadata().getAnnotations().get("dev.scylla/job"), RunJob.class);
    Path inputs = volumes.get(mountedAt(c, job.io().inputsRoot()));
    Path results = volumes.get(mountedAt(c, job.io().resultsDir()));
    try {
      sh(run.toArray(String[]::new));
      // The coordinator's part: the inputs under their host paths, then the marker.
      for (String input : job.io().inputs()) {
        Path target = inputs.resolve(input.substring(1));
        Files.createDirectories(target.getParent());
        Host.copyTree(Path.of(input), target);
      }
      Files.writeString(inputs.resolve(RunJob.Io.INPUTS_READY), "");

      Path done = results.resolve(RunJob.Io.RUN_DONE);
      long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
      while (!Files.exists(done) && System.nanoTime() < deadline && running(name)) {
        Thread.sleep(500);
      }
      assertThat(done).as("run done; container log:\n%s", logs(name)).exists();
      // While it waits to be collected: the Secret's value reached the process, the user is fixed.
      assertThat(sh("docker", "exec", name, "printenv", "ANTHROPIC_API_KEY").strip())
          .isEqualTo(API_KEY);
      assertThat(sh("docker", "exec", name, "id", "-u").strip())
          .isEqualTo(Long.toString(KubernetesTarget.POD_UID));

      JsonNode marker = new ObjectMapper().readTree(done.toFile());
      assertThat(marker.get("finished").asBoolean()).as(marker.toString()).isTrue();
      Path collected = dir.resolve("collected");
      Host.copyTree(results.resolve(marker.get("run_dir").asText()), collected);
      Files.writeString(results.resolve(RunJob.Io.COLLECTED), "");

      assertThat(sh("timeout", "120", "docker", "wait", name).strip())
          .as("exit code of the pod's container; log:\n%s", logs(name))
          .isEqualTo(Integer.toString(ExitCodes.OK));
      String inspect =
          sh(
              "docker",
              "inspect",
              "--format",
              "{{json .HostConfig.CapDrop}} {{json .HostConfig.SecurityOpt}} {{.Config.User}}",
              name);
      assertThat(inspect).contains("\"ALL\"").contains("no-new-privileges").contains("10001:");

      JsonNode result = new ObjectMapper().readTree(collected.resolve("run_result.json").toFile());
      assertThat(result.get("run_number").asInt()).isEqualTo(1);
      assertThat(collected.resolve("agent")).isDirectory();
      assertThat(
              (Integer)
                  Files.getAttribute(
                      results.resolve(marker.get("run_dir").asText()).resolve("run_result.json"),
                      "unix:uid",
                      LinkOption.NOFOLLOW_LINKS))
          .as("written by the pod's user")
          .isEqualTo(KubernetesTarget.POD_UID);
      assertThat(logs(name)).doesNotContain(API_KEY);
    } finally {
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

  /** The first pod of the dry run of one scripted run, with an existing Secret named. */
  private Pod firstPod(Path fixture) {
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
                          new Images.Source(Map.of(), () -> JAR)));
                }
                return CommandLine.defaultFactory().create(cls);
              }
            });
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code =
        cli.execute(
            "run",
            "--target",
            "kubernetes",
            "--dry-run",
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
            "--image",
            image.tag(),
            "--secret",
            SECRET,
            "--cpus",
            "1",
            "--memory",
            "2g");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("---").containsOnlyOnce("\nkind: ");
    // One document: fabric8 returns the object itself, not a list.
    Object pod =
        new KubernetesSerialization()
            .unmarshal(new ByteArrayInputStream(out.toString().getBytes(StandardCharsets.UTF_8)));
    return (Pod) pod;
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
