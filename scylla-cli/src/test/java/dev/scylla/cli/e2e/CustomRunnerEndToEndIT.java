package dev.scylla.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.docker.testing.RequiresDocker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A runner of one's own, {@code examples/custom-agent} (built by the reactor before scylla-cli),
 * given with {@code --agent-jar}: it is mounted into the runner container and runs there.
 */
@RequiresDocker
class CustomRunnerEndToEndIT {

  private static final Duration TIMEOUT = Duration.ofMinutes(20);
  private static final String REPOSITORY = Host.repository("scylla-e2e-custom");
  private static final Path EXAMPLE_JAR =
      EndToEndFixture.REPO_ROOT.resolve("examples/custom-agent/target/custom-agent.jar");

  @Test
  void run_withTheExampleRunner_runsItInsideTheContainer() throws Exception {
    assertThat(EXAMPLE_JAR)
        .as(
            "the example runner's jar: build it with ./mvnw -B package -DskipTests -pl"
                + " examples/custom-agent -am")
        .isRegularFile();
    try (EndToEndFixture world = new EndToEndFixture(null)) {
      Path jar = world.work.resolve("custom-agent.jar");
      Files.copy(EXAMPLE_JAR, jar);

      ScyllaProcess.Result result =
          world
              .scylla(REPOSITORY)
              .withoutEnv("CLAUDE_CODE_OAUTH_TOKEN")
              .run(
                  TIMEOUT,
                  "run",
                  "--tiers-dir",
                  world.fixture.toString(),
                  "--tiers",
                  "T0",
                  "--runs",
                  "1",
                  "--max-subtests",
                  "1",
                  "--agent-jar",
                  "custom-agent.jar",
                  "--agent",
                  "hello",
                  "--judge",
                  "scripted:" + world.fixture.resolve("scripted-agent.yaml"));

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.stdout()).as(result.toString()).contains("T0: PASS (score: 0.920");
      Path run = onlyRunDir(world.work.resolve("results"));
      assertThat(Files.readString(run.resolve("agent/stdout.log"), StandardCharsets.UTF_8))
          .isEqualTo("SCYLLA_IN_CONTAINER=1\n");
      assertThat(run.resolve("workspace/hello.py")).content().contains("Hello, world!");
    } finally {
      Host.removeImages(REPOSITORY);
    }
  }

  @Test
  void run_withAnUnknownAgent_exits2AndListsTheRunnersBeforeAnyContainer() throws Exception {
    try (EndToEndFixture world = new EndToEndFixture(null)) {
      Path jar = world.work.resolve("custom-agent.jar");
      Files.copy(EXAMPLE_JAR, jar);
      long since = System.currentTimeMillis() / 1000 - 1;

      ScyllaProcess.Result result =
          world
              .scylla(REPOSITORY)
              .run(
                  TIMEOUT,
                  "run",
                  "--tiers-dir",
                  world.fixture.toString(),
                  "--agent-jar",
                  jar.toString(),
                  "--agent",
                  "helo");

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(result.stderr())
          .contains("unknown runner 'helo': available runners are claude-code, hello, scripted");
      assertThat(Host.containersCreatedSince(REPOSITORY, since)).isEmpty();
    }
  }

  private static Path onlyRunDir(Path results) throws Exception {
    try (Stream<Path> list = Files.list(results)) {
      List<Path> experiments = list.toList();
      assertThat(experiments).as("experiments under %s", results).hasSize(1);
      return experiments.get(0).resolve("T0/00/run_01");
    }
  }
}
