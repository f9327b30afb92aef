package dev.scylla.cli;

import static dev.scylla.docker.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.api.ScyllaImage;
import dev.scylla.docker.ContainerHandle;
import dev.scylla.docker.ContainerRuntime;
import dev.scylla.docker.ContainerSpec;
import dev.scylla.docker.ImageRef;
import dev.scylla.docker.Mount;
import dev.scylla.docker.RunnerImage;
import dev.scylla.docker.UserIds;
import dev.scylla.docker.testing.RequiresDocker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real runner image, built once from {@code docker/} and the CLI jar under the tag the CLI
 * computes for the same inputs (so later tests and runs reuse it), checked from inside.
 */
@RequiresDocker
class RunnerImageIT {

  private static final Logger log = LoggerFactory.getLogger(RunnerImageIT.class);
  private static ContainerRuntime docker;
  private static ImageRef image;
  private static UserIds user;

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @TempDir Path dir;

  @BeforeAll
  static void buildTheImage() {
    Path jar = Path.of(requiredProperty("scylla.jar"));
    Path context = Path.of(requiredProperty("scylla.repo.root")).resolve("docker");
    String ca = System.getenv("SCYLLA_CA_BUNDLE");
    docker = ContainerRuntime.docker();
    RunnerImage runner =
        RunnerImage.builder()
            .contextFrom(context)
            .jar(jar)
            .caBundle(ca == null || ca.isBlank() ? null : Path.of(ca))
            .baseImage(ScyllaImage.baseImageFrom(System.getenv()))
            .claudeVersion(ScyllaImage.DEFAULT_CLAUDE_VERSION)
            .scyllaVersion(ScyllaCli.version())
            .build();
    user = runner.user();
    image = runner.ensure(docker, line -> log.info("build: {}", line));
    log.info("runner image {} ({}built now)", image.tag(), image.built() ? "" : "not ");
  }

  @AfterAll
  static void disconnect() {
    if (docker != null) {
      docker.close();
    }
  }

  @AfterEach
  void removeContainers() {
    docker.removeContainers(Map.of("dev.scylla.test-run", run));
  }

  private static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property " + name + " is not set: run this test through Maven (failsafe)");
    }
    return value;
  }

  private ContainerSpec.Builder spec(String script) {
    return ContainerSpec.builder(image.tag())
        .command("bash", "-c", script)
        .user(user.spec())
        .label("dev.scylla.test-run", run);
  }

  private List<String> run(ContainerSpec spec) throws InterruptedException {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    try (ContainerHandle handle = docker.run(spec, (stream, line) -> lines.add(line))) {
      int code = handle.waitFor(Duration.ofMinutes(2));
      assertThat(code).as("exit code; output: %s", lines).isZero();
    }
    return lines;
  }

  @Test
  void claudeNodeNpxGitAndPython_areOnThePath() throws Exception {
    List<String> lines =
        run(
            spec("claude --version; node --version; npx --version; git --version;"
                    + " python3 --version")
                .build());

    assertThat(lines.get(0)).startsWith(ScyllaImage.DEFAULT_CLAUDE_VERSION + " ");
    assertThat(lines.get(1)).startsWith("v");
    assertThat(lines.get(2)).matches("\\d+\\.\\d+\\.\\d+");
    assertThat(lines.get(3)).startsWith("git version ");
    assertThat(lines.get(4)).startsWith("Python 3.");
  }

  @Test
  void javaIsAtLeast21_andTheScyllaLauncherRunsTheJar() throws Exception {
    List<String> lines = run(spec("java -version 2>&1; scylla --version").build());

    Matcher version = Pattern.compile("version \"(\\d+)").matcher(lines.get(0));
    assertThat(version.find()).as(lines.get(0)).isTrue();
    assertThat(Integer.parseInt(version.group(1))).isGreaterThanOrEqualTo(21);
    assertThat(lines).contains("Scylla " + ScyllaCli.version());
  }

  @Test
  void theUserIsTheHostUser_andTheInsideIsMarked() throws Exception {
    List<String> lines =
        run(
            spec("id -u; echo \"$HOME $CLAUDE_CONFIG_DIR $SCYLLA_IN_CONTAINER $DISABLE_AUTOUPDATER\";"
                    + " test -f /etc/scylla/runner-image && echo marker;"
                    + " echo \"sandbox=${IS_SANDBOX:-}\"")
                .build());

    assertThat(lines.get(0)).isEqualTo(Integer.toString(UserIds.current().uid()));
    assertThat(lines.get(1)).isEqualTo("/home/scylla /home/scylla/.claude 1 1");
    assertThat(lines.get(2)).isEqualTo("marker");
    // Claude Code accepts --dangerously-skip-permissions as root only in a sandbox.
    assertThat(lines.get(3)).isEqualTo(user.isRoot() ? "sandbox=1" : "sandbox=");
  }

  @Test
  void theLauncherAndEntrypoint_workWhateverPathTheUserSets() throws Exception {
    List<String> lines =
        run(
            ContainerSpec.builder(image.tag())
                .command("scylla", "--version")
                .env("PATH", "/opt/user-tools")
                .user(user.spec())
                .label("dev.scylla.test-run", run)
                .build());

    assertThat(lines).contains("Scylla " + ScyllaCli.version());
  }

  @Test
  void theImageUser_withoutAnExplicitUser_isTheBuildUser() throws Exception {
    List<String> lines = run(spec("id -u").user(null).build());

    assertThat(lines).containsExactly(Integer.toString(user.uid()));
  }

  @Test
  void stagedCredentials_0700And0600_areReadableByTheContainerUser() throws Exception {
    Path staged = stage("rwx------", "rw-------");

    List<String> lines =
        run(
            spec("stat -c '%a %u' \"$CLAUDE_CONFIG_DIR\" \"$CLAUDE_CONFIG_DIR/.credentials.json\";"
                    + " cat \"$CLAUDE_CONFIG_DIR/.credentials.json\"")
                .mount(Mount.readWrite(staged, ScyllaImage.CLAUDE_CONFIG_DIR))
                .build());

    assertThat(lines)
        .containsExactly(
            "700 " + user.uid(),
            "600 " + user.uid(),
            "{\"claudeAiOauth\":{\"test\":\"" + run + "\"}}");
  }

  @Test
  void theEntrypoint_repairsLoosePermissions_alsoWhenTheCommandIsBash() throws Exception {
    Path staged = stage("rwxr-xr-x", "rw-r--r--");

    List<String> lines =
        run(
            spec("stat -c '%a' \"$CLAUDE_CONFIG_DIR\" \"$CLAUDE_CONFIG_DIR/.credentials.json\"")
                .mount(Mount.readWrite(staged, ScyllaImage.CLAUDE_CONFIG_DIR))
                .build());

    assertThat(lines).containsExactly("700", "600");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(staged)))
        .isEqualTo("rwx------");
  }

  @Test
  void legacyMode_copiesTheCredentialsIntoTheConfigDirWithOwnerOnlyModes() throws Exception {
    Path legacy = Files.createDirectories(dir.resolve("legacy"));
    Files.setPosixFilePermissions(legacy, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path file = Files.writeString(legacy.resolve(".credentials.json"), "{\"legacy\":true}");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    List<String> lines =
        run(
            spec("stat -c '%a' \"$CLAUDE_CONFIG_DIR\" \"$CLAUDE_CONFIG_DIR/.credentials.json\";"
                    + " cat \"$CLAUDE_CONFIG_DIR/.credentials.json\"")
                .env("SCYLLA_CREDENTIALS_MODE", "legacy")
                .mount(Mount.readOnly(legacy, "/tmp/host-creds"))
                .build());

    assertThat(lines).containsExactly("700", "600", "{\"legacy\":true}");
  }

  @Test
  void anInteractiveShell_getsTheWelcomeBanner_andACommandDoesNot() throws Exception {
    // A stub in place of the real launcher stands in for `scylla welcome`.
    Path stub = Files.writeString(dir.resolve("scylla"), "#!/bin/sh\necho \"banner-stub $*\"\n");
    Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    Mount stubMount = Mount.readOnly(stub, "/usr/local/bin/scylla");
    List<String> interactive = Collections.synchronizedList(new ArrayList<>());

    try (ContainerHandle shell =
        docker.run(
            ContainerSpec.builder(image.tag())
                .command("bash", "-i")
                .user(user.spec())
                .tty(true)
                .stdinOpen(true)
                .mount(stubMount)
                .label("dev.scylla.test-run", run)
                .build(),
            (stream, line) -> interactive.add(line.strip()))) {
      await(
          Duration.ofSeconds(30),
          () -> interactive.contains("banner-stub welcome"),
          "the interactive shell runs `scylla welcome`",
          () -> "shell output: " + interactive);
    }
    List<String> command = run(spec("echo done").tty(true).mount(stubMount).build());

    assertThat(interactive).contains("banner-stub welcome");
    assertThat(command).containsExactly("done");
  }

  @Test
  void theWelcomeBanner_showsTheCredentialStatus_presentExpiredAndMissing() throws Exception {
    long hour = 3_600_000L;
    Path valid = stageJson("valid", System.currentTimeMillis() + 5 * hour);
    Path expired = stageJson("expired", System.currentTimeMillis() - 2 * hour);

    assertThat(banner(valid))
        .anyMatch(l -> l.matches(".*Credentials +Claude login: .*valid for .*"));
    assertThat(banner(expired)).anyMatch(l -> l.contains("expired") && l.contains("renews it"));
    assertThat(banner(null))
        .anyMatch(l -> l.contains("Claude login: missing") && l.contains("/login"));
  }

  /** The lines `scylla welcome` prints in the real image, as an interactive bash shows them. */
  private List<String> banner(Path staged) throws InterruptedException {
    ContainerSpec.Builder spec = spec("scylla welcome");
    if (staged != null) {
      spec.mount(Mount.readWrite(staged, ScyllaImage.CLAUDE_CONFIG_DIR));
    }
    List<String> lines = run(spec.build());
    assertThat(lines).anyMatch(l -> l.startsWith("Scylla "));
    assertThat(lines).anyMatch(l -> l.matches("\\s*Python\\s+3\\.\\d+\\.\\d+"));
    return lines;
  }

  private Path stageJson(String name, long expiresAt) throws IOException {
    Path staged = Files.createDirectories(dir.resolve(name));
    Path credentials =
        Files.writeString(
            staged.resolve(".credentials.json"),
            "{\"claudeAiOauth\":{\"accessToken\":\"sk-ant-oat01-it-"
                + run
                + "\",\"refreshToken\":\"sk-ant-ort01-it-"
                + run
                + "\",\"expiresAt\":"
                + expiresAt
                + "}}");
    Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rwx------"));
    for (Path path : List.of(credentials, staged)) {
      Files.setAttribute(path, "unix:uid", user.uid());
      Files.setAttribute(path, "unix:gid", user.gid());
    }
    return staged;
  }

  private Path stage(String dirMode, String fileMode) throws IOException {
    Path staged = Files.createDirectories(dir.resolve("staged"));
    Path credentials =
        Files.writeString(
            staged.resolve(".credentials.json"), "{\"claudeAiOauth\":{\"test\":\"" + run + "\"}}");
    Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString(fileMode));
    Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString(dirMode));
    // The run's uid owns what is staged: the host user itself, root included.
    Files.setAttribute(credentials, "unix:uid", user.uid());
    Files.setAttribute(credentials, "unix:gid", user.gid());
    Files.setAttribute(staged, "unix:uid", user.uid());
    Files.setAttribute(staged, "unix:gid", user.gid());
    return staged;
  }
}
