package dev.scylla.core.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scylla.core.model.ModelUsage;
import dev.scylla.core.model.TokenStats;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentCostsTest {
  private static final TokenStats TOKENS = new TokenStats(1000, 500, 2000, 10000);

  @Test
  void totalCostUsd_winsWhenReported() {
    assertThat(AgentCosts.of(0.1087, Map.of("x", new ModelUsage(TOKENS, 9.0)), "unknown", TOKENS))
        .contains(0.1087);
  }

  @Test
  void modelUsageCosts_areSummedWhenNoTotal() {
    Map<String, ModelUsage> usage = new LinkedHashMap<>();
    usage.put("claude-sonnet-4-5-20250929", new ModelUsage(TOKENS, 0.02));
    usage.put("claude-haiku-4-5-20251001", new ModelUsage(TOKENS, 0.005));
    assertThat(AgentCosts.of(null, usage, null, null).orElseThrow())
        .isCloseTo(0.025, within(1e-12));
  }

  @Test
  void modelUsageWithoutCosts_isPricedPerModel() {
    Map<String, ModelUsage> usage = new LinkedHashMap<>();
    usage.put(
        "claude-haiku-4-5-20251001", new ModelUsage(new TokenStats(1_000_000, 0, 0, 0), null));
    usage.put("claude-opus-4-1-20250805", new ModelUsage(new TokenStats(0, 1000, 0, 0), 0.5));
    // haiku: 1M input x $1/M = 1.0; opus entry reports 0.5
    assertThat(AgentCosts.of(null, usage, null, null).orElseThrow()).isCloseTo(1.5, within(1e-12));
  }

  @Test
  void tokens_arePricedByTheTableAfterStrippingDateAnd1mSuffix() {
    // sonnet 4.5: (1000 x 3 + 500 x 15 + 2000 x 3.75 + 10000 x 0.30) / 1e6 = 0.021
    assertThat(AgentCosts.of(null, null, "claude-sonnet-4-5-20250929[1m]", TOKENS).orElseThrow())
        .isCloseTo(0.021, within(1e-12));
    // opus 4.1: (1000 x 15 + 500 x 75 + 2000 x 18.75 + 10000 x 1.5) / 1e6 = 0.105
    assertThat(AgentCosts.of(null, Map.of(), "claude-opus-4-1-20250805", TOKENS).orElseThrow())
        .isCloseTo(0.105, within(1e-12));
    // opus 5.5: (1000 x 4 + 500 x 20 + 2000 x 5 + 10000 x 0.2) / 1e6 = 0.026
    assertThat(AgentCosts.of(null, null, "claude-opus-5-5", TOKENS).orElseThrow())
        .isCloseTo(0.026, within(1e-12));
  }

  @Test
  void unknownModel_isUnknownCostNotAGuess() {
    assertThat(AgentCosts.of(null, null, "gpt-9", TOKENS)).isEmpty();
    assertThat(AgentCosts.of(null, null, null, TOKENS)).isEmpty();
    assertThat(
            AgentCosts.of(
                null, Map.of("mystery-model", new ModelUsage(TOKENS, null)), null, TOKENS))
        .isEmpty();
    assertThat(AgentCosts.of(Double.NaN, null, "claude-opus-4-5", null)).isEmpty();
  }

  @Test
  void priceTable_normalizesIdsAndKnowsEveryListedModel() {
    assertThat(PriceTable.normalize("Claude-Sonnet-4.5-20250929[1m]"))
        .isEqualTo("claude-sonnet-4-5");
    assertThat(PriceTable.normalize("claude-opus-4-1@20250805")).isEqualTo("claude-opus-4-1");
    PriceTable t = PriceTable.DEFAULT;
    assertThat(t.lookup("claude-opus-4-20250514")).contains(new ModelPrice(15, 75, 18.75, 1.5));
    assertThat(t.lookup("claude-opus-4-1")).contains(new ModelPrice(15, 75, 18.75, 1.5));
    for (String id :
        new String[] {
          "claude-opus-4-5",
          "claude-opus-4-6",
          "claude-opus-4-7",
          "claude-opus-4-8",
          "claude-opus-5"
        }) {
      assertThat(t.lookup(id)).as(id).contains(new ModelPrice(5, 25, 6.25, 0.5));
    }
    for (String id :
        new String[] {"claude-sonnet-4-20250514", "claude-sonnet-4-5", "claude-sonnet-4-6"}) {
      assertThat(t.lookup(id)).as(id).contains(new ModelPrice(3, 15, 3.75, 0.3));
    }
    assertThat(t.lookup("claude-haiku-4-5-20251001")).contains(new ModelPrice(1, 5, 1.25, 0.1));
    assertThat(t.lookup("claude-opus-5-5")).contains(new ModelPrice(4, 20, 5, 0.2));
    assertThat(t.lookup("claude-sonnet-5")).contains(new ModelPrice(2, 10, 2.5, 0.2));
    assertThat(t.lookup("claude-sonnet-5-5")).contains(new ModelPrice(2, 10, 2.5, 0.2));
    assertThat(t.lookup("claude-opus-4-9")).isEmpty();
    assertThat(t.lookup("sonnet")).isEmpty();
  }
}
