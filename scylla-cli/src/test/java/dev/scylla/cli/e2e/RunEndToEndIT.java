package dev.scylla.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scylla.docker.testing.RequiresDocker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test of the whole tool: {@code scylla run} on the host, on the real engine, with
 * the real runner image and the real Claude Code adapter driving a stub {@code claude} that checks
 * the staged login and refreshes its token. Run as the invoking user (root in CI) and as a non-root
 * user in the docker group.
 */
@RequiresDocker
class RunEndToEndIT {

  private static final String NON_ROOT_USER = "scylla-e2e";
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(40);

  @Test
  void run_asInvokingUser_buildsOnceRunsOneContainerAndWritesBackTheToken() throws Exception {
    acceptance(null, Host.repository("scylla-e2e-self"));
  }

  @Test
  void run_asNonRootUserInDockerGroup_buildsOnceRunsOneContainerAndWritesBackTheToken()
      throws Exception {
    assumeTrue(Host.isRoot(), "creating a non-root user needs root: this leg runs in CI");
    Host.dockerGroupUser(NON_ROOT_USER);
    acceptance(NON_ROOT_USER, Host.repository("scylla-e2e-user"));
  }

  private void acceptance(String user, String repository) throws Exception {
    Host.removeImages(repository);
    try (EndToEndFixture world = new EndToEndFixture(user)) {
      List<String> args = world.runOneSubtest(world.fixture.toString(), "-v");

      long since = System.currentTimeMillis() / 1000 - 1;
      ScyllaProcess.Result first =
          world.scylla(repository).run(RUN_TIMEOUT, args.toArray(String[]::new));

      assertThat(first.exitCode()).as(first.toString()).isZero();
      assertThat(first.stderr()).as(first.toString()).contains("Built runner image");
      List<String> created = Host.containersCreatedSince(repository, since);
      assertThat(created).as("containers created by the run").hasSize(1);
      assertThat(Host.allContainers()).as("containers left").doesNotContainAnyElementsOf(created);
      assertSummary(first.stdout());

      // Results belong to the invoking user.
      Path results = world.work.resolve("results");
      int uid = world.uid();
      for (Path path : Host.tree(results)) {
        assertThat(Host.uid(path)).as("owner of %s", path).isEqualTo(uid);
      }

      // The token refreshed inside reached the host file, which stays private.
      String host = world.hostCredentials();
      assertThat(host).contains("sk-ant-oat01-refreshed-").doesNotContain(world.accessToken);
      assertThat(Host.mode(world.credentials)).isEqualTo("rw-------");
      assertThat(Host.uid(world.credentials)).isEqualTo(uid);
      world.assertNoStagingLeft();

      // No token, old or new, in the output or the results.
      String refreshed = host.replaceAll("(?s).*\"accessToken\":\"([^\"]+)\".*", "$1");
      for (String secret : List.of(world.accessToken, world.refreshToken, refreshed)) {
        assertThat(first.all()).doesNotContain(secret);
        for (Path path : Host.tree(results)) {
          if (Files.isRegularFile(path)) {
            assertThat(Files.readString(path, StandardCharsets.ISO_8859_1))
                .as("content of %s", path)
                .doesNotContain(secret);
          }
        }
      }

      // An identical second run finds the image current.
      long secondSince = System.currentTimeMillis() / 1000 - 1;
      ScyllaProcess.Result second =
          world.scylla(repository).run(RUN_TIMEOUT, args.toArray(String[]::new));
      assertThat(second.exitCode()).as(second.toString()).isZero();
      assertThat(second.stderr()).doesNotContain("Building runner image", "Built runner image");
      assertThat(Host.containersCreatedSince(repository, secondSince)).hasSize(1);
      assertSummary(second.stdout());
      world.assertNoStagingLeft();
    } finally {
      Host.removeImages(repository);
    }
  }

  private static void assertSummary(String stdout) {
    List<String> lines = stdout.lines().toList();
    assertThat(lines).as(stdout).hasSizeGreaterThanOrEqualTo(6);
    assertThat(lines.get(0)).matches("Duration: \\d+\\.\\ds");
    assertThat(lines.get(1)).isEqualTo("Total Cost: $0.1087");
    assertThat(lines.get(2)).isEqualTo("Best Tier: T0");
    assertThat(lines.get(3)).isEqualTo("Best Sub-test: 00");
    assertThat(lines.get(4)).isEqualTo("Frontier CoP: $0.1087");
    assertThat(lines.get(5)).isEqualTo("T0: PASS (score: 0.900, cost: $0.1087)");
  }
}
