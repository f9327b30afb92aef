package dev.scylla.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.results.ResultFiles;
import dev.scylla.core.results.ResultsLayout;
import dev.scylla.core.testing.TestFixtures;
import dev.scylla.core.testing.UsesGit;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report --regenerate}: every aggregate and report rebuilt from the run files. */
@UsesGit
class RegenerateTest {
  @TempDir Path tmp;

  @Test
  void regenerate_rebuildsAggregatesAndReportsFromChangedRunFiles() throws Exception {
    ExperimentOutcome outcome =
        TestFixtures.helloWorld(2, tmp.resolve("results"))
            .provenance("9.9.9", "sha256:img", "hash", "scripted")
            .build()
            .run();
    ResultsLayout layout = ResultsLayout.of(outcome.experimentDir());
    // Run 1 of T0/00 failed after all (as a new verdict would say); the reports are gone.
    Path run = layout.run(TierId.T0, "00", 1).result();
    ObjectNode json = (ObjectNode) ScyllaJson.mapper().readTree(run.toFile());
    json.put("judge_passed", false).put("judge_score", 0.3).put("judge_grade", "D");
    ResultFiles.writeJson(run, json);
    Files.delete(layout.reportHtml());
    Files.delete(layout.runsCsv());
    Files.delete(ResultsLayout.reportMarkdownIn(layout.tierDir(TierId.T0)));

    LoadedReport report = ReportLoader.regenerate(layout.dir());

    SubTestResult s00 =
        ResultFiles.readJson(
            ResultsLayout.reportJsonIn(layout.subTestDir(TierId.T0, "00")), SubTestResult.class);
    assertThat(s00.passRate()).isEqualTo(0.5);
    assertThat(s00.medianScore()).isCloseTo(0.61, org.assertj.core.data.Offset.offset(1e-12));
    ExperimentResult result = ResultFiles.readJson(layout.result(), ExperimentResult.class);
    // 00: median (0.3 + 0.92) / 2 = 0.61 < 01's 0.78: 01 is now T0's best.
    assertThat(result.tierResults().get(TierId.T0).bestSubtest()).isEqualTo("01");
    assertThat(result.frontierCop()).isCloseTo(0.04, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(result.provenance().scyllaVersion()).isEqualTo("9.9.9");
    assertThat(result.startedAt()).isEqualTo(outcome.result().startedAt());
    assertThat(report.summaryLines()).contains("Best Sub-test: 01", "Frontier CoP: $0.0400");
    assertThat(Files.readString(layout.runsCsv())).contains("\r\nT0,00,1,0.3,false,D,");
    assertThat(Files.readString(layout.reportHtml())).contains("Best Sub-test: 01");
    assertThat(ResultsLayout.reportMarkdownIn(layout.tierDir(TierId.T0))).exists();
    assertThat(Files.readString(layout.reportMarkdown())).contains("| T0 | Prompts | PASS | 01 |");
  }
}
