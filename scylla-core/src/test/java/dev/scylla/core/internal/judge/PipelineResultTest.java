package dev.scylla.core.internal.judge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scylla.core.fixture.FixtureLoaderTest;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.results.ResultFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks in ProjectScylla's four steps, as {@code pipeline_baseline.json} holds them. */
class PipelineResultTest {
  /** ProjectScylla main's model of the file. */
  static final Path MAIN_MODELS =
      FixtureLoaderTest.REFERENCE.resolve("../reference/main/src/scylla/e2e/llm_judge_models.py");

  @TempDir Path tmp;

  @Test
  void python_compilationAndScriptsAreTheBuild_ruffTheFormat_pytestTheTest() {
    PipelineResult r =
        PipelineResult.of(
            "python",
            List.of(
                new CheckResult("python3 -m compileall", "PASS", ""),
                new CheckResult("python3 hello.py", "FAIL (exit 1)", "Traceback"),
                new CheckResult("ruff check .", "N/A", "ruff is not installed"),
                new CheckResult("pytest", "TIMEOUT", "killed after 60s"),
                new CheckResult("pre-commit", "PASS", "all hooks passed")));

    assertThat(r.buildPassed()).isFalse();
    assertThat(r.buildNa()).isFalse();
    assertThat(r.buildOutput())
        .isEqualTo("python3 -m compileall: PASS\npython3 hello.py: FAIL (exit 1)\nTraceback");
    // N/A counts as passed, as ProjectScylla counts it.
    assertThat(r.formatPassed()).isTrue();
    assertThat(r.formatNa()).isTrue();
    assertThat(r.formatOutput()).isEqualTo("ruff is not installed");
    assertThat(r.testPassed()).isFalse();
    assertThat(r.testNa()).isFalse();
    assertThat(r.precommitPassed()).isTrue();
    assertThat(r.precommitOutput()).isEqualTo("all hooks passed");
    assertThat(r.allPassed()).isFalse();
    assertThat(r.notRunReason()).isNull();
    assertThat(r.summary().testPassed()).isFalse();
    assertThat(r.summary().formatPassed()).isTrue();
  }

  @Test
  void aLanguageWithoutChecks_isNaEverywhereWithItsReason() {
    PipelineResult r =
        PipelineResult.of(
            "rust",
            List.of(new CheckResult("language checks", "N/A", "no automatic checks for rust")));

    assertThat(r.allPassed()).isTrue();
    assertThat(List.of(r.buildNa(), r.formatNa(), r.testNa(), r.precommitNa())).containsOnly(true);
    assertThat(r.testOutput()).isEqualTo("no automatic checks for rust");
  }

  @Test
  void notRun_isNaWithTheReason_neverAFailure() {
    PipelineResult r = PipelineResult.notRun("mojo", "the checkout failed");

    assertThat(r.notRunReason()).isEqualTo("the checkout failed");
    assertThat(r.allPassed()).isTrue();
    assertThat(r.checks()).isEmpty();
    assertThat(List.of(r.buildNa(), r.formatNa(), r.testNa(), r.precommitNa())).containsOnly(true);
    assertThat(r.buildOutput()).contains("the checkout failed");
  }

  @Test
  void savedFile_hasEveryFieldOfProjectScyllaMainsModel_andReadsBack() throws Exception {
    PipelineResult r =
        PipelineResult.of(
            "python",
            List.of(
                new CheckResult("python3 -m compileall", "PASS", ""),
                new CheckResult("pytest", "FAIL (exit 1)", "1 failed")));
    Path file = tmp.resolve("pipeline_baseline.json");

    ResultFiles.writeJson(file, r);

    JsonNode json = ScyllaJson.mapper().readTree(file.toFile());
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsAll(mainFields());
    assertThat(json.path("test_passed").asBoolean()).isFalse();
    assertThat(json.path("language").asText()).isEqualTo("python");
    assertThat(json.at("/checks/1/name").asText()).isEqualTo("pytest");
    assertThat(json.at("/checks/1/status").asText()).isEqualTo("FAIL (exit 1)");
    assertThat(ResultFiles.readJson(file, PipelineResult.class)).isEqualTo(r);
  }

  /** The fields of main's {@code BuildPipelineResult}, read from its source. */
  private static List<String> mainFields() throws Exception {
    String source = Files.readString(MAIN_MODELS);
    int start = source.indexOf("class BuildPipelineResult(BaseModel):");
    assertThat(start).as("BuildPipelineResult in " + MAIN_MODELS).isNotNegative();
    String body = source.substring(start, source.indexOf("\n    def ", start));
    Matcher m = Pattern.compile("(?m)^    ([a-z_]+): [a-z]+ = ").matcher(body);
    List<String> fields = new ArrayList<>();
    while (m.find()) {
      fields.add(m.group(1));
    }
    assertThat(fields).hasSize(14);
    return fields;
  }
}
