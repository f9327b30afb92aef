package dev.scylla.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.model.TierResult;
import dev.scylla.core.report.LoadedReport;
import dev.scylla.core.report.ReportLoader;
import dev.scylla.core.testing.TestFixtures;
import dev.scylla.core.testing.UsesGit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped example runs offline end to end with its scripted agent. */
@UsesGit
class HelloWorldExampleTest {
  @TempDir Path tmp;

  @Test
  void example_runsOfflineWithScriptedAgent() throws Exception {
    ExperimentOutcome outcome = TestFixtures.helloWorld(2, tmp.resolve("results")).build().run();

    assertThat(outcome.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(outcome.erroredRuns()).isZero();
    ExperimentResult r = outcome.result();
    TierResult t0 = r.tierResults().get(TierId.T0);
    // 00: two runs at 0.92 and $0.025; 01: two runs at 0.78 and $0.04.
    assertThat(t0.bestSubtest()).isEqualTo("00");
    assertThat(t0.costOfPass()).isCloseTo(0.025, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(r.totalCost()).isCloseTo(0.13, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(r.totalJudgeCost()).isCloseTo(0.024, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(outcome.summaryLines())
        .startsWith(
            outcome.summaryLines().get(0),
            "Total Cost: $0.1300",
            "Best Tier: T0",
            "Best Sub-test: 00",
            "Frontier CoP: $0.0250",
            "T0: PASS (score: 0.920, cost: $0.0250)")
        .contains("Judge Cost: $0.0240");
    assertThat(outcome.summaryLines().get(0)).matches("Duration: \\d+\\.\\ds");
    Path ws = outcome.experimentDir().resolve("T0/01/run_02/workspace");
    assertThat(Files.readString(ws.resolve("hello.py"))).contains("def main()");
    assertThat(ws.resolve("CLAUDE.md")).doesNotExist();

    // The checks before the agent: once, on the clean commit, in every judge's prompt.
    assertThat(outcome.experimentDir().resolve("pipeline_baseline.json")).isRegularFile();
    List<Path> prompts;
    try (Stream<Path> walk = Files.walk(outcome.experimentDir())) {
      prompts = walk.filter(p -> p.endsWith(Path.of("judge", "prompt.md"))).sorted().toList();
    }
    assertThat(prompts).hasSize(4);
    for (Path prompt : prompts) {
      assertThat(Files.readString(prompt))
          .as(prompt.toString())
          .contains("## Automatic checks before the agent\n\nThe same checks")
          .contains("## Automatic checks after the agent");
      assertThat(Files.readString(prompt.resolveSibling("../run_result.json")))
          .contains("\"baseline_pipeline_summary\" : {");
    }

    LoadedReport loaded = ReportLoader.load(tmp.resolve("results"));
    assertThat(loaded.summaryLines()).isEqualTo(outcome.summaryLines());
    assertThat(loaded.markdown()).contains("| T0 | Prompts | PASS | 00 |");
  }
}
