package dev.scylla.api.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.engine.ExperimentStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process half of docs/embedding.md's example runs here; the container half runs on the real
 * engine in scylla-cli's {@code RunAnywhereExampleIT}.
 */
class RunAnywhereExampleTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  @TempDir Path dir;

  @Test
  void inProcess_runsHelloWorldAndWritesTheResultsTree() throws Exception {
    Path fixture = HelloWorldCopy.into(dir.resolve("hello-world"));

    ExperimentOutcome outcome = RunAnywhereExample.inProcess(fixture, dir.resolve("results"));

    assertThat(outcome.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(outcome.erroredRuns()).isZero();
    assertThat(outcome.summaryLines())
        .contains("Best Tier: T0", "T0: PASS (score: 0.920, cost: $0.0250)");
    assertThat(outcome.experimentDir()).startsWith(dir.resolve("results"));
    assertThat(outcome.experimentDir().resolve("result.json")).isRegularFile();
    assertThat(outcome.result().provenance().runnerImageId())
        .as("not in a runner image")
        .isNullOrEmpty();
    Path kept = outcome.experimentDir().resolve("config/scylla_settings.json");
    assertThat(JSON.readTree(kept.toFile()))
        .as("the experiment folder keeps its settings document")
        .isEqualTo(
            JSON.readTree(RunAnywhereExample.settingsDocument(fixture, dir.resolve("results"))));
  }

  @Test
  void theDocs_showTheSettingsDocumentOfTheExample() throws IOException {
    String docs = Files.readString(REPO.resolve("docs/embedding.md"), StandardCharsets.UTF_8);
    int start = docs.indexOf("```json\n", docs.indexOf("### The settings document"));
    String block = docs.substring(start + "```json\n".length(), docs.indexOf("```", start + 7));

    assertThat(JSON.readTree(block))
        .isEqualTo(
            JSON.readTree(
                RunAnywhereExample.settingsDocument(
                    Path.of("/work/hello-world"), Path.of("/tmp/scylla-results"))));
  }

  @Test
  void theDocs_showTheExampleUnchanged() throws IOException {
    String source =
        Files.readString(
            REPO.resolve(
                "scylla-api/src/test/java/dev/scylla/api/examples/RunAnywhereExample.java"),
            StandardCharsets.UTF_8);
    String docs = Files.readString(REPO.resolve("docs/embedding.md"), StandardCharsets.UTF_8);
    String shown = source.substring(source.indexOf("import "));

    assertThat(docs).contains(shown);
  }

  @Test
  void theApisClasspath_hasNeitherPicocliNorLogback() {
    // This module's test classpath is what an embedder of scylla-api gets (plus the test stack).
    assertThatThrownBy(() -> Class.forName("picocli.CommandLine"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("ch.qos.logback.classic.Logger"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
