package dev.scylla.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.docker.testing.RequiresDocker;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the user sees when something is missing: one line, the fix, the documented code. */
@RequiresDocker
class FailureModesIT {

  private static final String REPOSITORY = Host.repository("scylla-e2e-failures");

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  @Test
  void run_withoutAnyClaudeLogin_exits4WithTheFixBeforeAnyContainer() throws Exception {
    try (EndToEndFixture world = new EndToEndFixture(null)) {
      Files.delete(world.credentials);
      long since = System.currentTimeMillis() / 1000 - 1;

      ScyllaProcess.Result result =
          world
              .scylla(REPOSITORY)
              .withoutEnv("CLAUDE_CODE_OAUTH_TOKEN")
              .withoutEnv("ANTHROPIC_API_KEY")
              .run(TIMEOUT, "run", "--tiers-dir", world.fixture.toString(), "--runs", "1");

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
      assertThat(result.stderr().strip().lines().filter(l -> l.startsWith("scylla: ")))
          .singleElement()
          .asString()
          .contains("login");
      assertThat(Host.containersCreatedSince(REPOSITORY, since)).isEmpty();
    }
  }

  @Test
  void run_withDockerUnreachable_exits3WithTheFix() throws Exception {
    try (EndToEndFixture world = new EndToEndFixture(null)) {
      ScyllaProcess.Result result =
          world
              .scylla(REPOSITORY)
              .env("DOCKER_HOST", "unix://" + world.base.resolve("no-docker.sock"))
              .run(TIMEOUT, "run", "--tiers-dir", world.fixture.toString(), "--runs", "1");

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
      assertThat(result.stderr()).contains("DOCKER_HOST").doesNotContain("\tat ");
    }
  }

  @Test
  void run_withABadFixture_exits2BeforeAnyContainer() throws Exception {
    try (EndToEndFixture world = new EndToEndFixture(null)) {
      Files.delete(world.fixture.resolve("expected/rubric.yaml"));
      long since = System.currentTimeMillis() / 1000 - 1;

      ScyllaProcess.Result result =
          world.scylla(REPOSITORY).run(TIMEOUT, "run", "--tiers-dir", world.fixture.toString());

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(result.stderr()).contains("rubric.yaml").doesNotContain("\tat ");
      assertThat(Host.containersCreatedSince(REPOSITORY, since)).isEmpty();
      assertThat(Host.hasImages(REPOSITORY)).isFalse();
    }
  }
}
