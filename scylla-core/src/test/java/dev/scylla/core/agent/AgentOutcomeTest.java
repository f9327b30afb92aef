package dev.scylla.core.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scylla.core.model.ModelUsage;
import dev.scylla.core.model.TokenStats;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules every outcome follows, whether built or made with the record's constructor. */
class AgentOutcomeTest {

  @Test
  void builder_leavesWhatIsNotSetUnreported() {
    AgentOutcome outcome = AgentOutcome.builder().build();

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.isError()).isFalse();
    assertThat(outcome.timedOut()).isFalse();
    assertThat(outcome.resultText()).isEmpty();
    assertThat(outcome.stderr()).isEmpty();
    assertThat(outcome.tokenStats()).isEqualTo(TokenStats.ZERO);
    assertThat(outcome.totalCostUsd()).isNull();
    assertThat(outcome.modelUsage()).isEmpty();
    assertThat(outcome.failureKind()).isNull();
  }

  @Test
  void aTimeout_isAnErrorOfKindTimeout_howeverItIsMade() {
    AgentOutcome built = AgentOutcome.builder().exitCode(-1).timedOut(true).build();
    AgentOutcome constructed =
        new AgentOutcome(
            -1, true, false, null, "killed", null, null, null, 3, null, null, "", null, null);

    for (AgentOutcome outcome : new AgentOutcome[] {built, constructed}) {
      assertThat(outcome.isError()).isTrue();
      assertThat(outcome.failureKind()).isEqualTo(FailureKind.TIMEOUT);
    }
  }

  @Test
  void kindTimeout_meansTheCallTimedOut() {
    AgentOutcome outcome = AgentOutcome.builder().failureKind(FailureKind.TIMEOUT).build();

    assertThat(outcome.timedOut()).isTrue();
    assertThat(outcome.isError()).isTrue();
    assertThat(AgentOutcome.builder().build().withFailureKind(FailureKind.TIMEOUT).timedOut())
        .isTrue();
  }

  @Test
  void aTimeout_keepsAKindTheRunnerGave() {
    AgentOutcome outcome =
        AgentOutcome.builder().timedOut(true).failureKind(FailureKind.RATE_LIMIT).build();

    assertThat(outcome.failureKind()).isEqualTo(FailureKind.RATE_LIMIT);
    assertThat(outcome.isError()).isTrue();
  }

  @Test
  void anError_withoutTimeout_getsNoKindFromTheOutcome() {
    AgentOutcome outcome = AgentOutcome.builder().exitCode(1).error(true).build();

    assertThat(outcome.timedOut()).isFalse();
    assertThat(outcome.failureKind()).isNull();
  }

  @Test
  void tokens_areOneTokenStats() {
    AgentOutcome outcome = AgentOutcome.builder().tokens(10, 5).cacheTokens(2, 3).build();
    AgentOutcome same = AgentOutcome.builder().tokenStats(new TokenStats(10, 5, 2, 3)).build();

    assertThat(outcome.tokenStats()).isEqualTo(new TokenStats(10, 5, 2, 3));
    assertThat(same).isEqualTo(outcome);
  }

  @Test
  void negativeTokensOrDuration_areRefusedNamingTheField() {
    assertThatThrownBy(() -> AgentOutcome.builder().tokens(-1, 0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("input_tokens")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> AgentOutcome.builder().durationSeconds(-2).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("durationSeconds")
        .hasMessageContaining("-2");
  }

  @Test
  void modelUsage_isCopied() {
    Map<String, ModelUsage> usage = new HashMap<>();
    AgentOutcome outcome = AgentOutcome.builder().modelUsage(usage).build();
    usage.put("m", new ModelUsage(TokenStats.ZERO, 0.1));

    assertThat(outcome.modelUsage()).isEqualTo(Map.of());
  }
}
