package dev.scylla.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.docker.RunnerImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ScyllaImage}'s layout against the files that make the image: the repository's {@code
 * docker/Dockerfile} and {@code docker/entrypoint.sh}. A path, variable or default version changed
 * on one side only fails here.
 */
class ScyllaImageTest {

  private static final Path DOCKER = Path.of("..", "docker").toAbsolutePath().normalize();

  private static String dockerfile;
  private static String entrypoint;

  @TempDir Path dir;

  @BeforeAll
  static void read() throws IOException {
    dockerfile = Files.readString(DOCKER.resolve("Dockerfile"), StandardCharsets.UTF_8);
    entrypoint = Files.readString(DOCKER.resolve("entrypoint.sh"), StandardCharsets.UTF_8);
  }

  @Test
  void defaultVersions_areTheDockerfiles() {
    assertThat(one(dockerfile, "^ARG BASE_IMAGE=(\\S+)$"))
        .isEqualTo(ScyllaImage.DEFAULT_BASE_IMAGE);
    assertThat(one(dockerfile, "^ARG CLAUDE_VERSION=(\\S+)$"))
        .isEqualTo(ScyllaImage.DEFAULT_CLAUDE_VERSION);
  }

  @Test
  void home_andClaudeConfigDir_areTheDockerfiles() {
    assertThat(one(dockerfile, "^\\s+HOME=(\\S+) \\\\$")).isEqualTo(ScyllaImage.HOME);
    assertThat(one(dockerfile, "^WORKDIR (\\S+)$")).isEqualTo(ScyllaImage.HOME);
    assertThat(one(dockerfile, "^\\s+CLAUDE_CONFIG_DIR=(\\S+) \\\\$"))
        .isEqualTo(ScyllaImage.CLAUDE_CONFIG_DIR);
    // Every path under /home the Dockerfile writes (the user, its folders) is one of the two.
    assertThat(all(dockerfile, "(/home/[\\w.-]+(?:/[\\w.-]+)*)"))
        .isNotEmpty()
        .allSatisfy(path -> assertThat(path).isIn(ScyllaImage.HOME, ScyllaImage.CLAUDE_CONFIG_DIR));
  }

  @Test
  void insideMarkers_areTheDockerfiles() {
    assertThat(dockerfile).containsPattern("(?m)^\\s+" + ScyllaImage.IN_CONTAINER_ENV + "=1 \\\\$");
    assertThat(one(dockerfile, "^\\s+> (/etc/\\S+)$")).isEqualTo(ScyllaImage.MARKER_FILE);
    assertThat(one(dockerfile, "test -r (\\S+) &&")).isEqualTo(ScyllaImage.MARKER_FILE);
  }

  @Test
  void programsInTheImage_areWhereTheDockerfilePutsThem() {
    assertThat(one(dockerfile, "^COPY " + RunnerImage.CONTEXT_JAR + " (\\S+)$"))
        .isEqualTo(ScyllaImage.SCYLLA_JAR);
    assertThat(one(dockerfile, "^COPY " + RunnerImage.CONTEXT_ENTRYPOINT + " (\\S+)$"))
        .isEqualTo(ScyllaImage.ENTRYPOINT);
    assertThat(one(dockerfile, "^ENTRYPOINT \\[.*\"(/[^\"]+)\"\\]$"))
        .isEqualTo(ScyllaImage.ENTRYPOINT);
    assertThat(one(dockerfile, "-jar (\\S+) \"\\$@\"")).isEqualTo(ScyllaImage.SCYLLA_JAR);
    // The launcher is the file the printf of "exec java ... -jar JAR" is written to.
    assertThat(one(dockerfile, "\"\\$@\"\\\\n' \\\\\\n\\s+> (\\S+) \\\\$"))
        .isEqualTo(ScyllaImage.LAUNCHER);
    assertThat(one(dockerfile, "^COPY --from=claude \\S+/claude\\.exe (\\S+)$"))
        .isEqualTo(ScyllaImage.CLAUDE_BINARY);
  }

  @Test
  void classDataSharing_theLauncherMapsTheArchiveTheBuildRecords_fromAnExampleInTheJar() {
    String recorded = one(dockerfile, "-XX:ArchiveClassesAtExit=(\\S+)");
    String mapped = one(dockerfile, "-XX:SharedArchiveFile=(\\S+) ");
    String jarDir = ScyllaImage.SCYLLA_JAR.substring(0, ScyllaImage.SCYLLA_JAR.lastIndexOf('/'));

    assertThat(mapped).isEqualTo(recorded).startsWith(jarDir + "/");
    // The recording runs after the jar is in place (an archive is valid only for that jar) and
    // after the JDK's own archive, its base.
    assertThat(dockerfile.indexOf("-XX:ArchiveClassesAtExit"))
        .isGreaterThan(dockerfile.indexOf("COPY " + RunnerImage.CONTEXT_JAR + " "))
        .isGreaterThan(dockerfile.indexOf("-Xshare:dump"));
    assertThat(one(dockerfile, "-Xshare:(\\w+) -XX:SharedArchiveFile")).isEqualTo("auto");
    // The example the recording runs is in the jar where the Dockerfile unpacks it from.
    String prefix = one(dockerfile, "/opt/scylla/scylla\\.jar (dev/\\S+/) ");
    String example = one(dockerfile, "example=\"\\$\\{work\\}/(\\S+)\";");
    assertThat(example).startsWith(prefix);
    assertThat(ScyllaImage.class.getResource("/" + example + "/test.yaml")).isNotNull();
    assertThat(ScyllaImage.class.getResource("/" + example + "/scripted-agent.yaml")).isNotNull();
  }

  @Test
  void buildArguments_andContextFiles_areTheDockerfiles() {
    for (String arg :
        List.of(
            RunnerImage.ARG_BASE_IMAGE,
            RunnerImage.ARG_BUILD_BASE_IMAGE,
            RunnerImage.ARG_CLAUDE_VERSION,
            RunnerImage.ARG_USER_UID,
            RunnerImage.ARG_USER_GID)) {
      assertThat(dockerfile).as("ARG %s", arg).containsPattern("(?m)^ARG " + arg + "\\b");
    }
    for (String file :
        List.of(
            RunnerImage.CONTEXT_JAR,
            RunnerImage.CONTEXT_ENTRYPOINT,
            RunnerImage.CONTEXT_CA_BUNDLE)) {
      assertThat(dockerfile).as("COPY %s", file).containsPattern("(?m)^COPY " + file + " ");
    }
  }

  @Test
  void entrypoint_agreesOnHomeConfigDirLegacyMountAndModeVariable() {
    String home = one(entrypoint, "^home=\"\\$\\{HOME:-(\\S+)\\}\"$");
    assertThat(home).isEqualTo(ScyllaImage.HOME);
    String configUnderHome =
        one(entrypoint, "^config=\"\\$\\{CLAUDE_CONFIG_DIR:-\\$home(\\S+)\\}\"$");
    assertThat(home + configUnderHome).isEqualTo(ScyllaImage.CLAUDE_CONFIG_DIR);
    assertThat(one(entrypoint, "^legacy_source=\"(\\S+)\"$"))
        .isEqualTo(ScyllaImage.LEGACY_CREDENTIALS_DIR);
    assertThat(one(entrypoint, "\\$\\{(\\w+):-staged\\}\" == \"legacy\""))
        .isEqualTo(ScyllaImage.CREDENTIALS_MODE_ENV);
    assertThat(one(entrypoint, "^\\s+(\\S+) welcome \\|\\| true$")).isEqualTo(ScyllaImage.LAUNCHER);
  }

  @Test
  void credentialPaths_areTheConfigDirAndTheLegacyMount() {
    assertThat(ScyllaImage.credentialPaths().configDir()).isEqualTo(ScyllaImage.CLAUDE_CONFIG_DIR);
    assertThat(ScyllaImage.credentialPaths().legacyMountDir())
        .isEqualTo(ScyllaImage.LEGACY_CREDENTIALS_DIR);
  }

  @Test
  void baseImageFrom_takesScyllaBaseImageElseTheDefault() {
    assertThat(ScyllaImage.baseImageFrom(Map.of())).isEqualTo("python:3.14.2-slim");
    assertThat(ScyllaImage.baseImageFrom(Map.of("SCYLLA_BASE_IMAGE", " ")))
        .isEqualTo("python:3.14.2-slim");
    assertThat(ScyllaImage.baseImageFrom(Map.of("SCYLLA_BASE_IMAGE", "debian:trixie-slim")))
        .isEqualTo("debian:trixie-slim");
  }

  @Test
  void claudeBinaryFrom_takesScyllaClaudeBinElseClaude() {
    assertThat(ScyllaImage.claudeBinaryFrom(Map.of())).isEqualTo("claude");
    assertThat(ScyllaImage.claudeBinaryFrom(Map.of("SCYLLA_CLAUDE_BIN", "/opt/stub/claude")))
        .isEqualTo("/opt/stub/claude");
  }

  @Test
  void builder_buildsTheDefaultVersionsOnTheBaseTheEnvironmentNames() throws IOException {
    Path jar = Files.writeString(dir.resolve("scylla.jar"), "jar");

    RunnerImage image =
        ScyllaImage.builder(jar, Map.of("SCYLLA_BASE_IMAGE", "debian:trixie-slim"))
            .lockDir(dir)
            .build();

    assertThat(image.buildArgs())
        .containsEntry(RunnerImage.ARG_BASE_IMAGE, "debian:trixie-slim")
        .containsEntry(RunnerImage.ARG_CLAUDE_VERSION, ScyllaImage.DEFAULT_CLAUDE_VERSION);
  }

  /** The one match of {@code regex}'s group 1, line by line. */
  private static String one(String text, String regex) {
    List<String> found = all(text, regex);
    assertThat(found).as("matches of %s", regex).hasSize(1);
    return found.get(0);
  }

  private static List<String> all(String text, String regex) {
    Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }
}
