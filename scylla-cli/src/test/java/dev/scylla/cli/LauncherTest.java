package dev.scylla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.api.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./scylla} launcher of a source checkout, run by bash in a copy of the checkout whose
 * {@code mvnw} and {@code java} are stand-ins that record what they were asked.
 */
class LauncherTest {

  private static final Path LAUNCHER =
      Path.of(System.getProperty("scylla.repo.root", "..")).resolve("scylla").normalize();

  @TempDir Path root;
  private Path javaHome;
  private Path builds;

  @BeforeEach
  void checkout() throws IOException {
    Files.copy(LAUNCHER, root.resolve("scylla"));
    executable(root.resolve("scylla"));
    Files.writeString(root.resolve("pom.xml"), "<project/>\n");
    builds = root.resolve("builds.txt");
    javaHome = root.resolve("jdk");
    Files.createDirectories(javaHome.resolve("bin"));
    Path java = javaHome.resolve("bin/java");
    Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"arg:$a\"; done\n");
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
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("scylla").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", javaHome.toString());
    pb.environment().put("SCYLLA_JAVA_OPTS", javaOpts);
    return pb.start();
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
