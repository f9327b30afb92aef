package dev.scylla.core.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.model.Provenance;
import dev.scylla.core.model.TierId;
import dev.scylla.core.testing.ReportSamples;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary's token figures and cost note, and the statistics in the Markdown and JSON. */
class SummaryAndStatisticsReportTest {

  @Test
  void summary_keepsItsLinesAndAddsTokenFiguresOnLinesOfTheirOwn() {
    List<String> lines = Summary.lines(ReportSamples.standard(), 0.6);

    assertThat(lines.subList(1, 7))
        .containsExactly(
            // One run of T0/01 has no known cost.
            "Total Cost: unknown",
            "Best Tier: T0",
            "Best Sub-test: 00",
            "Frontier CoP: $0.0200",
            "T0: PASS (score: 0.900, cost: $0.0200)",
            "T1: PASS (score: 0.800, cost: $0.0500)");
    // Experiment: 7 runs, fresh 1001+1002+1003 + 1001+1002+1003 + 1001 = 7013, read 63000,
    // created 21000: hit rate 63000 / 91013 = 69.2 %.
    assertThat(lines.subList(7, 11))
        .containsExactly(
            "Judge Cost: $0.0070",
            "Tokens: input 7013 fresh + 63000 cached, output 1400, cache created 21000,"
                + " cache hit rate 69.2%",
            "T0 tokens: input 6012 fresh + 54000 cached, output 1200, cache created 18000,"
                + " cache hit rate 69.2%",
            "T1 tokens: input 1001 fresh + 9000 cached, output 200, cache created 3000,"
                + " cache hit rate 69.2%");
    // T0/01's run 3 has no verdict: counted apart, in no pass rate.
    assertThat(lines.get(11)).isEqualTo("Errored: 1 run not scored (outside the pass rates)");
    assertThat(lines).doesNotContain(Summary.OAUTH_COST_NOTE).hasSize(12);
  }

  @Test
  void summary_subscriptionLogin_saysTheCostIsAnEstimate() {
    ExperimentResult r = ReportSamples.standard();
    Provenance p = r.provenance();
    ExperimentResult oauth =
        new ExperimentResult(
            r.config(),
            r.tierResults(),
            r.bestOverallTier(),
            r.bestOverallSubtest(),
            r.frontierCop(),
            r.frontierCopTier(),
            r.totalCost(),
            r.totalDurationSeconds(),
            r.tokenStats(),
            r.startedAt(),
            r.completedAt(),
            r.totalJudgeCost(),
            new Provenance(
                p.scyllaVersion(),
                p.runnerImageId(),
                p.runnerImageHash(),
                p.claudeCodeVersion(),
                p.agentModels(),
                p.judgeModels(),
                Provenance.LOGIN_OAUTH),
            null);

    List<String> lines = Summary.lines(oauth, 0.6);

    assertThat(lines.get(lines.size() - 1)).isEqualTo(Summary.OAUTH_COST_NOTE);
    assertThat(Summary.OAUTH_COST_NOTE).contains("estimate").contains("not a bill");
  }

  @Test
  void tierMarkdown_statesIntervalsPassAtKAndTheFisherTest() {
    String md =
        ReportWriter.tierMarkdown(ReportSamples.standard().tierResults().get(TierId.T0), 0.6);

    // 3/3: Wilson [43.8 %, 100 %]. 01's third run has no verdict: 1/2 scored, [9.5 %, 90.5 %],
    // and its CoP ($0.01 per scored run / 0.5) is known. CoP 00: $0.02 every resample.
    assertThat(md)
        .contains("| 00 | 3/3 | 100% [44%, 100%] | 1.00 1.00 1.00 | $0.0200 [$0.0200, $0.0200] |");
    assertThat(md).contains("| 01 | 1/2 | 50% [9%, 91%] | 0.50 1.00 | $0.0200 [$0.0100, ∞] |");
    // Margins 3 and 2 runs with 4 passes: P(x) = 6, 4 (/10) for x = 2, 3; observed x = 3 → 4/10.
    assertThat(md)
        .contains(
            "Best vs runner-up: 00 (3/3 passed) vs 01 (1/2): Fisher's exact test p = 0.400,"
                + " no significant difference at α = 0.05.");
  }

  @Test
  void reportJson_carriesTheStatisticsPerTier() throws Exception {
    JsonNode json =
        ScyllaJson.mapper()
            .valueToTree(ReportWriter.comparison(ReportSamples.standard(), 0.6))
            .path("tiers")
            .path(0);

    assertThat(json.path("best_vs_runner_up").path("p_value").asDouble())
        .isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(json.path("best_vs_runner_up").path("significant").asBoolean()).isFalse();
    JsonNode s01 = json.path("subtest_statistics").path("01");
    assertThat(s01.path("passes").asInt()).isEqualTo(1);
    assertThat(s01.path("pass_at_k").size()).isEqualTo(2);
    assertThat(s01.path("pass_rate_interval").path("lower").asDouble())
        .isCloseTo(0.0945, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(json.path("token_stats").path("cache_read_tokens").asLong()).isEqualTo(54000);
  }
}
