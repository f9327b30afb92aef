package dev.scylla.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.docker.testing.RequiresDocker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Ctrl-C during {@code scylla run}: the container stops, the checkpoint stays, nothing is left. */
@RequiresDocker
class InterruptEndToEndIT {

  private static final String REPOSITORY = "scylla-e2e-interrupt";

  @Test
  void ctrlC_stopsTheContainerKeepsTheCheckpointAndRemovesTheStaging() throws Exception {
    Host.removeImages(REPOSITORY);
    try (EndToEndFixture world = new EndToEndFixture(null)) {
      Path out = world.base.resolve("out.txt");
      Path err = world.base.resolve("err.txt");
      long since = System.currentTimeMillis() / 1000 - 1;
      List<String> args =
          new ArrayList<>(List.of("run", "--tiers-dir", world.fixture.toString(), "--runs", "1"));
      args.addAll(List.of(world.stubArgs()));
      args.addAll(List.of("--env", "STUB_SLEEP=600"));
      Process scylla = world.scylla(REPOSITORY).start(out, err, args.toArray(String[]::new));

      // Wait until the agent runs: the experiment has written its checkpoint.
      Path results = world.work.resolve("results");
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
      while (checkpoint(results).isEmpty() && scylla.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
      assertThat(checkpoint(results))
          .as("checkpoint; stderr: %s", Files.readString(err, StandardCharsets.UTF_8))
          .isPresent();
      Thread.sleep(3000);

      Host.sh("kill", "-INT", Long.toString(scylla.pid()));
      assertThat(scylla.waitFor(120, TimeUnit.SECONDS)).as("scylla ended after Ctrl-C").isTrue();

      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      assertThat(scylla.exitValue()).as(stderr).isEqualTo(130);
      List<String> created = Host.containersCreatedSince(since);
      assertThat(created).hasSize(1);
      assertThat(Host.allContainers()).doesNotContainAnyElementsOf(created);
      world.assertNoStagingLeft();
      assertThat(Files.readString(checkpoint(results).orElseThrow(), StandardCharsets.UTF_8))
          .containsPattern("\"status\"\\s*:\\s*\"interrupted\"");
      assertThat(world.hostCredentials()).contains("refreshToken");
    } finally {
      Host.removeImages(REPOSITORY);
    }
  }

  private static Optional<Path> checkpoint(Path results) throws Exception {
    if (!Files.isDirectory(results)) {
      return Optional.empty();
    }
    try (Stream<Path> experiments = Files.list(results)) {
      return experiments
          .map(dir -> dir.resolve("checkpoint.json"))
          .filter(Files::isRegularFile)
          .findFirst();
    }
  }
}
