package dev.scylla.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.api.ImageSource;
import dev.scylla.api.ScyllaImage;
import dev.scylla.api.examples.RunAnywhereExample;
import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.engine.ExperimentStatus;
import dev.scylla.docker.BuildListener;
import dev.scylla.docker.testing.RequiresDocker;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The container half of docs/embedding.md's example, on the real engine: the same experiment as the
 * in-process half, run through scylla-api's container target from this JVM (no {@code scylla}
 * command), in a runner image built from the Scylla jar.
 */
@RequiresDocker
class RunAnywhereExampleIT {

  private static final String REPOSITORY = Host.repository("scylla-e2e-embed");

  @Test
  void inContainer_runsTheExperimentInTheRunnerImageAndReadsTheResultsBack() throws Exception {
    long since = System.currentTimeMillis() / 1000 - 1;
    try (EndToEndFixture world = new EndToEndFixture(null)) {
      Path results = world.work.resolve("results");
      ImageSource image =
          ImageSource.ensured(
              ScyllaImage.builder(EndToEndFixture.JAR).repository(REPOSITORY).build(),
              BuildListener.ignore());

      ExperimentOutcome outcome = RunAnywhereExample.inContainer(world.fixture, results, image);

      assertThat(outcome.status()).isEqualTo(ExperimentStatus.COMPLETED);
      assertThat(outcome.summaryLines()).contains("T0: PASS (score: 0.920, cost: $0.0250)");
      assertThat(outcome.experimentDir()).startsWith(results);
      assertThat(outcome.experimentDir().resolve("result.json")).isRegularFile();
      assertThat(outcome.result().provenance().runnerImageId())
          .as("the experiment ran in the runner image")
          .startsWith("sha256:");
      assertThat(outcome.result().provenance().pythonVersion()).startsWith("3.");
      java.util.List<String> created = Host.containersCreatedSince(REPOSITORY, since);
      assertThat(created).as("one container for the whole experiment").hasSize(1);
      assertThat(Host.allContainers()).as("removed at the end").doesNotContain(created.get(0));
    } finally {
      Host.removeImages(REPOSITORY);
    }
  }
}
