package dev.scylla.core.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scylla.core.fixture.Rubric;
import dev.scylla.core.fixture.RubricRequirement;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.results.ResultsLayout;
import dev.scylla.core.testing.ReportSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files for ProjectScylla's analysis with a rubric in the {@code requirements:} layout. */
class ProjectScyllaFilesTest {
  @TempDir Path dir;

  private static final Rubric REQUIREMENTS =
      new Rubric(
          Map.of(),
          List.of(
              new RubricRequirement(
                  "functional",
                  "hello.py prints the greeting",
                  2.0,
                  RubricRequirement.Evaluation.BINARY,
                  Map.of())),
          0.6,
          null,
          Map.of());

  @Test
  void requirementsRubric_givesRequirementPointsAndListsTheRequirements() throws Exception {
    ResultsLayout layout = ResultsLayout.of(dir);
    ResultsLayout.Run files = layout.run(TierId.T0, "00", 1);
    // The sample judge scores criterion "functional" at 0.9.
    RunResult run = ReportSamples.run(1, 0.9, true, 0.02, null);
    Files.createDirectories(files.judgeDir(1));
    Files.writeString(
        files.judgment(1), ScyllaJson.mapper().writeValueAsString(run.judges().get(0)));

    ProjectScyllaFiles.writeExperiment(layout, REQUIREMENTS);
    ProjectScyllaFiles.writeRun(files, run, "claude-sonnet-4-5-20250929", REQUIREMENTS);

    JsonNode criterion =
        ScyllaJson.mapper()
            .readTree(files.judgment(1).toFile())
            .path("criteria_scores")
            .path("functional");
    assertThat(criterion.path("max").asDouble()).isEqualTo(2.0);
    assertThat(criterion.path("achieved").asDouble())
        .isCloseTo(1.8, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(criterion.path("items").isObject()).isTrue();
    assertThat(criterion.path("explanation").asText()).isEqualTo("met");
    assertThat(Files.readString(files.judgeModel(1))).contains("**Model**: " + ReportSamples.JUDGE);
    assertThat(Files.readString(files.agentModel()))
        .contains("**Model**: claude-sonnet-4-5-20250929");
    String yaml = Files.readString(layout.rubricYaml());
    assertThat(yaml)
        .contains("requirements:")
        .contains("id: \"functional\"")
        .contains("weight: 2.0");
  }
}
