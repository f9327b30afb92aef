package dev.scylla.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.results.CheckpointStatus;
import dev.scylla.core.testing.ReportSamples;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Experiments side by side, with Fisher's exact test against the first. */
class CompareReportTest {

  private static ExperimentResult tenRuns(boolean pass, double cost) {
    RunResult[] runs =
        IntStream.rangeClosed(1, 10)
            .mapToObj(i -> ReportSamples.run(i, pass ? 0.9 : 0.4, pass, cost, null))
            .toArray(RunResult[]::new);
    return ReportSamples.experiment(
        Map.of(TierId.T0, List.of(ReportSamples.sub(TierId.T0, "00", runs))));
  }

  private static LoadedReport loaded(String name, ExperimentResult r) {
    return new LoadedReport(Path.of("/r", name), r, 0.6, CheckpointStatus.COMPLETED);
  }

  @Test
  void markdown_putsEachTiersBestSideBySideAndTestsAgainstTheFirst() {
    List<LoadedReport> reports =
        List.of(
            loaded("20260101T000000Z-a", tenRuns(true, 0.02)),
            loaded("20260102T000000Z-b", tenRuns(false, 0.01)),
            loaded("20260103T000000Z-c", ReportSamples.standard()));

    String md = CompareReport.markdown(reports);

    assertThat(md).startsWith("# Comparison of 3 experiments\n");
    assertThat(md)
        .contains(
            "| 20260101T000000Z-a | 00 (10/10 passed) | 0.900 | 100% [72%, 100%] |"
                + " $0.0200 [$0.0200, $0.0200] | baseline |");
    // 0/10 against 10/10: the two extreme tables, 2 / C(20,10) = 2 / 184756 = 1.08e-5.
    assertThat(md)
        .contains(
            "| 20260102T000000Z-b | 00 (0/10 passed) | 0.400 | 0% [0%, 28%] | n/a |"
                + " p = 0.000, significant |");
    // 3/3 against 10/10: every run passed in both, p = 1.
    assertThat(md)
        .contains("| 20260103T000000Z-c | 00 (3/3 passed) | 0.900 |")
        .contains("p = 1.000, not significant |");
    // T1 ran only in the third experiment.
    assertThat(md).contains("## T1 (").contains("| 20260101T000000Z-a | not run |");
    assertThat(md).contains("significant when p < α = 0.05.");
  }

  @Test
  void html_isSelfContainedAndEscaped() {
    List<LoadedReport> reports =
        List.of(loaded("a<b>", tenRuns(true, 0.02)), loaded("b", tenRuns(false, 0.01)));

    String html = CompareReport.html(reports);

    assertThat(html).startsWith("<!DOCTYPE html>").contains("<td>a&lt;b&gt;</td>");
    assertThat(html).contains("<td>p = 0.000, significant</td>");
    assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//");
  }
}
