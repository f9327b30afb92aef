package dev.scylla.cli.e2e;

import static dev.scylla.docker.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.docker.testing.RequiresDocker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ctrl-C during {@code scylla run}: the container stops, the checkpoint stays, nothing is left. */
@RequiresDocker
class InterruptEndToEndIT {

  private static final String REPOSITORY = Host.repository("scylla-e2e-interrupt");

  @Test
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
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
      try {
        interruptOnceTheAgentWorks(world, scylla, err, since);
      } finally {
        if (scylla.isAlive()) {
          // A failed test still stops its container: scylla's shutdown hook does on SIGTERM.
          scylla.destroy();
          scylla.waitFor(120, TimeUnit.SECONDS);
        }
      }
    } finally {
      Host.removeImages(REPOSITORY);
    }
  }

  private static void interruptOnceTheAgentWorks(
      EndToEndFixture world, Process scylla, Path err, long since) throws Exception {
    // Ctrl-C once the agent is at work inside the container.
    Path results = world.work.resolve("results");
    await(
        Duration.ofMinutes(20),
        () -> {
          assertThat(scylla.isAlive())
              .as("scylla still running; stderr: %s", Files.readString(err))
              .isTrue();
          return agentWorking(results);
        },
        "the agent runs in the container",
        () -> "stderr: " + readQuietly(err));
    assertThat(checkpoint(results)).as("checkpoint of the running experiment").isPresent();

    Host.sh("kill", "-INT", Long.toString(scylla.pid()));
    assertThat(scylla.waitFor(120, TimeUnit.SECONDS)).as("scylla ended after Ctrl-C").isTrue();

    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(scylla.exitValue()).as(stderr).isEqualTo(130);
    List<String> created = Host.containersCreatedSince(REPOSITORY, since);
    assertThat(created).hasSize(1);
    assertThat(Host.allContainers()).doesNotContainAnyElementsOf(created);
    world.assertNoStagingLeft();
    assertThat(Files.readString(checkpoint(results).orElseThrow(), StandardCharsets.UTF_8))
        .containsPattern("\"status\"\\s*:\\s*\"interrupted\"");
    assertThat(world.hostCredentials()).contains("refreshToken");
  }

  private static boolean agentWorking(Path results) throws IOException {
    if (!Files.isDirectory(results)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(results)) {
      return files.anyMatch(p -> p.getFileName().toString().equals(".stub-agent-working"));
    } catch (UncheckedIOException | NoSuchFileException e) {
      // git and the engine create and remove files under results meanwhile: look again.
      return false;
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
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
