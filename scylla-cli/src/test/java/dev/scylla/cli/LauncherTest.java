package dev.scylla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.api.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./scylla} launcher of a source checkout, run by bash in a copy of the checkout whose
 * {@code mvnw} and {@code java} are stand-ins that record what they were asked. The stand-in java
 * "records" a class-data sharing archive by writing the file {@code -XX:ArchiveClassesAtExit} names
 * (unless {@code $STAND_IN_NO_ARCHIVE} is set), and notes each recording in {@code recordings.txt}.
 */
@Timeout(120)
class LauncherTest {

  private static final Path LAUNCHER =
      Path.of(System.getProperty("scylla.repo.root", "..")).resolve("scylla").normalize();

  @TempDir Path root;
  private Path javaHome;
  private Path builds;
  private Path recordings;

  @BeforeEach
  void checkout() throws IOException {
    Files.copy(LAUNCHER, root.resolve("scylla"));
    executable(root.resolve("scylla"));
    Files.writeString(root.resolve("pom.xml"), "<project/>\n");
    builds = root.resolve("builds.txt");
    recordings = root.resolve("recordings.txt");
    Path example = Files.createDirectories(root.resolve("examples/hello-world"));
    Files.writeString(example.resolve("test.yaml"), "id: hello-world\n");
    javaHome = root.resolve("jdk");
    Files.createDirectories(javaHome.resolve("bin"));
    Path java = javaHome.resolve("bin/java");
    Files.writeString(
        java,
        "#!/bin/sh\n"
            + "for a in \"$@\"; do\n"
            + "  echo \"arg:$a\"\n"
            + "  case \"$a\" in -XX:ArchiveClassesAtExit=*)\n"
            + "    echo recorded >> '"
            + recordings
            + "'\n"
            + "    [ -n \"${STAND_IN_NO_ARCHIVE:-}\" ] || echo archive > \"${a#*=}\" ;;\n"
            + "  esac\n"
            + "done\n");
    executable(java);
    mvnw(
        "sleep 2\necho build >> '"
            + builds
            + "'\nmkdir -p scylla-cli/target\n"
            + "echo jar > scylla-cli/target/scylla.jar\n");
  }

  private void mvnw(String body) throws IOException {
    Path mvnw = root.resolve("mvnw");
    Files.writeString(mvnw, "#!/bin/sh\n" + body);
    executable(mvnw);
  }

  private static void executable(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Process start(String javaOpts, String... args) throws IOException {
    return start(Map.of("SCYLLA_CDS", "off"), javaOpts, args);
  }

  private Process start(Map<String, String> env, String javaOpts, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("scylla").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("SCYLLA_CDS");
    pb.environment().put("JAVA_HOME", javaHome.toString());
    pb.environment().put("SCYLLA_JAVA_OPTS", javaOpts);
    pb.environment().putAll(env);
    return pb.start();
  }

  private List<String> javaArgs(Map<String, String> env) throws Exception {
    Process process = start(env, "", "version");
    String out = finish(process);
    assertThat(process.exitValue()).as(out).isZero();
    return out.lines().filter(l -> l.startsWith("arg:")).map(l -> l.substring(4)).toList();
  }

  private List<Path> archives() throws IOException {
    Path target = root.resolve("scylla-cli/target");
    if (!Files.isDirectory(target)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(f -> f.getFileName().toString().matches("scylla-\\d+\\.jsa")).toList();
    }
  }

  private void awaitNoRecording() throws InterruptedException {
    dev.scylla.docker.testing.Await.await(
        Duration.ofSeconds(60),
        () -> {
          try (Stream<Path> files = Files.list(root.resolve("scylla-cli/target"))) {
            return files.noneMatch(f -> f.getFileName().toString().endsWith(".jsa.lock"));
          }
        },
        "the background recording of the archive ended");
  }

  @Test
  void firstRun_mapsNoArchive_recordsOneInTheBackground_andTheNextRunMapsIt() throws Exception {
    Map<String, String> env = new HashMap<>();

    List<String> first = javaArgs(env);
    dev.scylla.docker.testing.Await.await(
        Duration.ofSeconds(60), () -> archives().size() == 1, "an archive was recorded");
    awaitNoRecording();
    List<String> second = javaArgs(env);

    assertThat(first)
        .contains("-Xshare:auto")
        .noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
    assertThat(second)
        .contains("-XX:SharedArchiveFile=" + archives().get(0))
        .endsWith("-jar", root.resolve("scylla-cli/target/scylla.jar").toString(), "version");
    assertThat(Files.readAllLines(recordings)).hasSize(1);
    // Written under another name and renamed: nothing but the archive is left.
    try (Stream<Path> files = Files.list(root.resolve("scylla-cli/target"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("scylla.jar", archives().get(0).getFileName().toString());
    }
  }

  @Test
  void archiveOlderThanTheJar_isNotMapped_andIsRecordedAgain() throws Exception {
    javaArgs(Map.of());
    dev.scylla.docker.testing.Await.await(
        Duration.ofSeconds(60), () -> archives().size() == 1, "an archive was recorded");
    awaitNoRecording();
    Path archive = archives().get(0);
    Files.setLastModifiedTime(archive, FileTime.from(Instant.now().minusSeconds(3600)));

    List<String> args = javaArgs(Map.of());
    dev.scylla.docker.testing.Await.await(
        Duration.ofSeconds(60),
        () -> Files.readAllLines(recordings).size() == 2,
        "the archive was recorded again");
    awaitNoRecording();

    assertThat(args).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
    assertThat(Files.getLastModifiedTime(archive).toInstant())
        .isAfter(Instant.now().minusSeconds(600));
  }

  @Test
  void failedRecording_isNotTriedAgainForTheSameJar_butIsForANewOne() throws Exception {
    Map<String, String> env = Map.of("STAND_IN_NO_ARCHIVE", "1");
    javaArgs(env);
    dev.scylla.docker.testing.Await.await(
        Duration.ofSeconds(60),
        () -> Files.exists(recordings) && Files.readAllLines(recordings).size() == 1,
        "a recording was tried");
    awaitNoRecording();

    List<String> again = javaArgs(env);
    awaitNoRecording();
    assertThat(Files.readAllLines(recordings)).hasSize(1);
    assertThat(again).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));

    Path jar = root.resolve("scylla-cli/target/scylla.jar");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
    javaArgs(env);
    dev.scylla.docker.testing.Await.await(
        Duration.ofSeconds(60),
        () -> Files.readAllLines(recordings).size() == 2,
        "a new jar was recorded again");
    awaitNoRecording();
    assertThat(archives()).isEmpty();
  }

  @Test
  void cdsOff_passesNoClassDataSharingOptions() throws Exception {
    assertThat(javaArgs(Map.of("SCYLLA_CDS", "off")))
        .containsExactly(
            "-jar", root.resolve("scylla-cli/target/scylla.jar").toString(), "version");
    assertThat(recordings).doesNotExist();
  }

  @Test
  void warningsOfTheJvm_goToStderr_andUserOptionsComeAfterTheLaunchers() throws Exception {
    javaArgs(Map.of());
    dev.scylla.docker.testing.Await.await(
        Duration.ofSeconds(60), () -> archives().size() == 1, "an archive was recorded");
    awaitNoRecording();

    List<String> args = javaArgs(Map.of());

    assertThat(args).containsSubsequence("-Xlog:disable", "-Xlog:all=warning:stderr", "-jar");
    Process process = start(Map.of(), "-XX:TieredStopAtLevel=4", "version");
    List<String> withOpts =
        finish(process).lines().filter(l -> l.startsWith("arg:")).map(l -> l.substring(4)).toList();
    assertThat(withOpts)
        .containsSubsequence("-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=4", "-jar");
  }

  private static String finish(Process process) throws Exception {
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  @Test
  void emptyJavaOpts_passesNoEmptyArgumentToJava() throws Exception {
    Process process = start("", "run", "--help");
    String out = finish(process);

    assertThat(process.exitValue()).as(out).isZero();
    assertThat(out.lines().filter(l -> l.startsWith("arg:")))
        .containsExactly(
            "arg:-jar",
            "arg:" + root.resolve("scylla-cli/target/scylla.jar"),
            "arg:run",
            "arg:--help");
  }

  @Test
  void javaOpts_areSplitIntoWordsBeforeTheJar() throws Exception {
    Process process = start("-Xmx1g -Dx=y", "doctor");
    String out = finish(process);

    assertThat(out.lines().filter(l -> l.startsWith("arg:")).limit(3))
        .containsExactly("arg:-Xmx1g", "arg:-Dx=y", "arg:-jar");
  }

  /**
   * bash 3.2 (macOS) treats an empty {@code "${a[@]}"} as unbound under {@code set -u}; no bash 3.2
   * can be installed here, so every array expansion must carry the {@code ${a[@]+...}} guard.
   */
  @Test
  void everyArrayExpansion_isGuardedForBash32() throws IOException {
    String script = Files.readString(LAUNCHER, StandardCharsets.UTF_8);
    String withoutGuarded =
        script.replaceAll("\\$\\{(\\w+)\\[@\\]\\+\"\\$\\{\\1\\[@\\]\\}\"\\}", "");
    Matcher unguarded = Pattern.compile("\\$\\{\\w+\\[@\\]\\}").matcher(withoutGuarded);

    assertThat(script).contains("${java_opts[@]+\"${java_opts[@]}\"}");
    assertThat(unguarded.find()).as("an unguarded array expansion").isFalse();
  }

  @Test
  void twoFirstRunsAtOnce_buildOnce() throws Exception {
    Process first = start("", "version");
    Process second = start("", "version");
    String firstOut = finish(first);
    String secondOut = finish(second);

    assertThat(first.exitValue()).as(firstOut).isZero();
    assertThat(second.exitValue()).as(secondOut).isZero();
    assertThat(Files.readAllLines(builds)).containsExactly("build");
    assertThat(root.resolve("scylla-cli/target/.scylla-build.lock")).doesNotExist();
  }

  @Test
  void buildFailure_exitsWithTheLaunchersOwnCode_notUsage() throws Exception {
    mvnw("echo '[ERROR] compilation failed: Foo.java:[1,1] oops'\nexit 1\n");

    Process process = start("", "run");
    String out = finish(process);

    assertThat(process.exitValue()).isEqualTo(70).isNotEqualTo(ExitCodes.USAGE);
    assertThat(out).contains("compilation failed", "the build failed");
    assertThat(root.resolve("scylla-cli/target/.scylla-build.lock")).doesNotExist();
  }
}
