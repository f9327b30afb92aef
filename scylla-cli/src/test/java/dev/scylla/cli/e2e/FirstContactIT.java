package dev.scylla.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scylla.docker.testing.RequiresDocker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What a new user meets on the first run, on the real engine: root in a private folder, a folder of
 * one's own as a docker-group user, a PATH of one's own, input errors found before anything is
 * written, and a broken runner that says why. The tests share one image repository, so the image is
 * built once per UID.
 */
@RequiresDocker
class FirstContactIT {

  private static final String REPOSITORY = "scylla-e2e-first";
  private static final String NON_ROOT_USER = "scylla-e2e";

  /**
   * A repository in which no image may ever be built: the tests that fail before any container
   * check that it stays empty (one of this JVM, so an earlier broken run cannot fill it).
   */
  private static final String NO_IMAGE_REPOSITORY = Host.repository("scylla-e2e-first-none");

  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  @AfterAll
  static void removeImages() throws Exception {
    Host.removeImages(REPOSITORY);
  }

  /** The run, with the fixture given relative to the working directory. */
  private static List<String> runArgs(EndToEndFixture world, String... extra) {
    return world.runOneSubtest("hello-world", extra);
  }

  private static void assertPassedWithResultsOwnedBy(
      EndToEndFixture world, ScyllaProcess.Result result, int uid) throws Exception {
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).as(result.toString()).contains("T0: PASS");
    Path results = world.work.resolve("results");
    assertThat(results).isDirectory();
    for (Path path : Host.tree(results)) {
      assertThat(Host.uid(path)).as("owner of %s", path).isEqualTo(uid);
    }
  }

  @Test
  void run_asRootInAPrivateFolderUnderRoot_withRelativePathsAndAPathOfItsOwn() throws Exception {
    assumeTrue(Host.isRoot(), "the root leg needs root: it runs in CI");
    try (EndToEndFixture world = new EndToEndFixture(null, Path.of("/root"), true)) {
      // The user's PATH lacks the image's Java and /usr/local/bin: Scylla's own programs must
      // not care.
      ScyllaProcess.Result result =
          world
              .scylla(REPOSITORY)
              .run(
                  TIMEOUT,
                  runArgs(world, "--env", "PATH=/opt/user-tools:/usr/bin:/bin")
                      .toArray(String[]::new));

      assertPassedWithResultsOwnedBy(world, result, 0);
      assertThat(Host.mode(world.base)).isEqualTo("rwx------");
      // The provenance names the image's Python.
      Path experiment;
      try (var dirs = Files.list(world.work.resolve("results"))) {
        experiment = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
      }
      assertThat(Files.readString(experiment.resolve("result.json")))
          .containsPattern("\"python_version\"\\s*:\\s*\"3\\.\\d+\\.\\d+\"");
      assertThat(result.stderr()).doesNotContainIgnoringCase("chown");
    }
  }

  @Test
  void run_asDockerGroupUserInItsOwnPrivateFolder_withRelativePaths() throws Exception {
    assumeTrue(Host.isRoot(), "creating a non-root user needs root: this leg runs in CI");
    Host.dockerGroupUser(NON_ROOT_USER);
    try (EndToEndFixture world = new EndToEndFixture(NON_ROOT_USER, Path.of("/tmp"), true)) {
      ScyllaProcess.Result result =
          world.scylla(REPOSITORY).run(TIMEOUT, runArgs(world).toArray(String[]::new));

      assertPassedWithResultsOwnedBy(world, result, world.uid());
      world.assertNoStagingLeft();
    }
  }

  @Test
  void run_asDockerGroupUser_withAFolderItCannotEnter_failsBeforeAnyContainerNamingIt()
      throws Exception {
    assumeTrue(Host.isRoot(), "creating a non-root user needs root: this leg runs in CI");
    Host.dockerGroupUser(NON_ROOT_USER);
    try (EndToEndFixture world = new EndToEndFixture(NON_ROOT_USER, Path.of("/tmp"), true)) {
      // Root's private folder, inside the user's own: visible to the user, but not enterable.
      Path closed = Files.createDirectories(world.work.resolve("roots-only"));
      java.nio.file.Files.setPosixFilePermissions(
          closed, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
      long since = System.currentTimeMillis() / 1000 - 1;
      String experiment = "first-contact-" + UUID.randomUUID();

      ScyllaProcess.Result result =
          world
              .scylla(NO_IMAGE_REPOSITORY)
              .run(
                  TIMEOUT,
                  runArgs(
                          world,
                          "--mount",
                          closed + ":/opt/closed:ro",
                          "--experiment-id",
                          experiment)
                      .toArray(String[]::new));

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(result.stderr().strip().lines())
          .as(result.toString())
          .singleElement()
          .asString()
          .contains(closed.toString(), "cannot enter");
      assertThat(Host.containersCreatedSince(since, experiment)).isEmpty();
      assertThat(world.work.resolve("results")).doesNotExist();
    }
  }

  @Test
  void shell_asRootInAPrivateFolder_seesTheFolder() throws Exception {
    assumeTrue(Host.isRoot(), "the root leg needs root: it runs in CI");
    String name = "scylla-e2e-first-" + ProcessHandle.current().pid();
    try (EndToEndFixture world = new EndToEndFixture(null, Path.of("/tmp"), true)) {
      ScyllaProcess scylla = world.scylla(REPOSITORY);
      try {
        ScyllaProcess.Result listed = scylla.run(TIMEOUT, "shell", name, "--", "ls", "hello-world");
        ScyllaProcess.Result written =
            scylla.run(
                TIMEOUT,
                "shell",
                name,
                "--",
                "sh",
                "-c",
                "id -u > results-probe && echo $IS_SANDBOX");

        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.stdout()).contains("test.yaml");
        assertThat(written.exitCode()).as(written.toString()).isZero();
        assertThat(written.stdout().strip()).isEqualTo("1");
        Path probe = world.work.resolve("results-probe");
        assertThat(Files.readString(probe).strip()).isEqualTo("0");
        assertThat(Host.uid(probe)).isZero();
      } finally {
        ScyllaProcess.Result removed = scylla.run(TIMEOUT, "shell", "--rm", name);
        assertThat(removed.exitCode()).as(removed.toString()).isZero();
      }
    }
  }

  @Test
  void run_withABrokenRunner_showsItsLastLineAndNoVerboseHintUnderVerbose() throws Exception {
    try (EndToEndFixture world = new EndToEndFixture(null)) {
      // An empty folder over the image's Java: the launcher cannot start it.
      Path noJava = Files.createDirectories(world.base.resolve("no-java"));
      ScyllaProcess.Result result =
          world
              .scylla(REPOSITORY)
              .run(
                  TIMEOUT,
                  runArgs(world, "--mount", noJava + ":/opt/java:ro", "-v").toArray(String[]::new));

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
      assertThat(result.stderr().lines().filter(l -> l.startsWith("scylla: ")))
          .as(result.toString())
          .singleElement()
          .asString()
          .contains("exited with code 127", "/opt/java/bin/java")
          .doesNotContain("-v");
      assertThat(result.stderr()).doesNotContain("\tat ");
    }
  }

  @Test
  void run_withAMissingOrUnreachableRepository_exits2BeforeAnyContainerAndWritesNothing()
      throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    try (EndToEndFixture world = new EndToEndFixture(null)) {
      for (String repo :
          List.of(
              world.base.resolve("no-such-repo.bundle").toString(),
              "http://127.0.0.1:" + closedPort + "/task.git")) {
        long since = System.currentTimeMillis() / 1000 - 1;
        String experiment = "first-contact-" + UUID.randomUUID();

        ScyllaProcess.Result result =
            world
                .scylla(NO_IMAGE_REPOSITORY)
                .run(
                    TIMEOUT,
                    runArgs(world, "--repo", repo, "--experiment-id", experiment)
                        .toArray(String[]::new));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr().strip().lines())
            .as(result.toString())
            .singleElement()
            .asString()
            .startsWith("scylla: ")
            .contains(repo);
        assertThat(result.stdout()).as("no summary").isEmpty();
        assertThat(world.work.resolve("results")).doesNotExist();
        assertThat(Host.containersCreatedSince(since, experiment)).isEmpty();
        assertThat(Host.hasImages(NO_IMAGE_REPOSITORY)).isFalse();
      }
    }
  }
}
