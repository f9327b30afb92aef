package dev.scylla.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.testing.TestFixtures;
import dev.scylla.core.testing.UsesGit;
import dev.scylla.core.testing.UsesPython3;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ProjectScylla's own analysis loader (its main branch, run by {@code
 * ../shared/tools/ps-analysis-load}) loads every run of a results folder of the offline example.
 * Needs python3 with yaml, pydantic, numpy and jsonschema, and the reference copy beside the
 * repository; without them it is skipped, except under {@code CI=true}, where it fails.
 */
@UsesPython3
@UsesGit
class ProjectScyllaAnalysisPythonTest {
  private static final Path REPO = TestFixtures.EXAMPLE.resolve("../..").normalize();
  private static final Path SHARED = REPO.resolve("../shared").normalize();
  private static final Path TOOL = SHARED.resolve("tools/ps-analysis-load");
  private static final Path PS_SRC = SHARED.resolve("fixtures/scylla-ref/reference/main/src");

  @TempDir static Path tmp;
  private static Path experimentDir;

  @BeforeAll
  static void runExample() throws Exception {
    requireOrSkip(Files.isRegularFile(TOOL), "ps-analysis-load not found at " + TOOL);
    requireOrSkip(Files.isDirectory(PS_SRC), "ProjectScylla main not found at " + PS_SRC);
    Proc probe = python("-c", "import yaml, pydantic, numpy, jsonschema");
    requireOrSkip(probe.exit == 0, "python3 lacks yaml/pydantic/numpy/jsonschema: " + probe.out);
    // DATA/<experiment>/<timestamp folder>: the layout load_all_experiments expects.
    ExperimentOutcome outcome =
        TestFixtures.helloWorld(2, tmp.resolve("data/hello-world")).build().run();
    experimentDir = outcome.experimentDir();
  }

  private static void requireOrSkip(boolean ok, String why) {
    if (!ok && "true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(why + " (CI=true: this test must run)");
    }
    Assumptions.assumeTrue(ok, why);
  }

  @Test
  void psAnalysisLoad_loadsEveryRunWithoutWarnings() throws Exception {
    long runs;
    try (Stream<Path> walk = Files.walk(experimentDir)) {
      runs = walk.filter(p -> p.getFileName().toString().equals("run_result.json")).count();
    }
    assertThat(runs).isEqualTo(4);

    Proc p = python(TOOL.toString(), experimentDir.toString());

    assertThat(p.exit).as(p.out).isZero();
    assertThat(p.out).contains("runs loaded: " + runs);
    assertThat(p.out).doesNotContain("WARNING").doesNotContain("warning:");
  }

  @Test
  void analysisLoader_readsModelsRubricWeightsAndCriterionPoints() throws Exception {
    Path script = Path.of(getClass().getResource("/projectscylla/analysis_check.py").toURI());

    Proc p = python(script.toString(), tmp.resolve("data").toString(), PS_SRC.toString());

    assertThat(p.exit).as(p.out).isZero();
    String json = p.out.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
    JsonNode out = ScyllaJson.mapper().readTree(json);
    assertThat(out.path("weights").path("functional").asDouble()).isEqualTo(0.7);
    assertThat(out.path("weights").path("proportionality").asDouble()).isEqualTo(0.3);
    JsonNode runs = out.path("experiments").path("hello-world");
    assertThat(runs).hasSize(4);
    for (JsonNode r : runs) {
      assertThat(r.path("agent_model").asText()).isEqualTo(TestFixtures.AGENT_MODEL);
      assertThat(r.path("tier").asText()).isEqualTo("T0");
      assertThat(r.path("input_tokens").asLong()).isEqualTo(1200);
      JsonNode judge = r.path("judges").path(0);
      assertThat(judge.path("model").asText()).isEqualTo(TestFixtures.JUDGE_MODEL);
      assertThat(judge.path("number").asInt()).isEqualTo(1);
      // Scripted judge: functional 1.0 of 2 points, proportionality 0.75 of 1 point.
      assertThat(judge.path("criteria").path("functional").toString()).isEqualTo("[2.0,2.0,1.0]");
      assertThat(judge.path("criteria").path("proportionality").toString())
          .isEqualTo("[0.75,1.0,0.75]");
    }
    assertThat(runs.findValuesAsText("subtest")).containsExactlyInAnyOrder("00", "00", "01", "01");
    assertThat(runs.get(0).path("score").asDouble()).isEqualTo(0.92);
  }

  private record Proc(int exit, String out) {}

  private static Proc python(String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("python3"));
    cmd.addAll(List.of(args));
    Process proc;
    try {
      proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Proc(-1, "python3 not found: " + e.getMessage());
    }
    proc.getOutputStream().close();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!proc.waitFor(120, TimeUnit.SECONDS)) {
      proc.destroyForcibly();
      return new Proc(-1, "python3 timed out: " + out);
    }
    return new Proc(proc.exitValue(), out);
  }
}
