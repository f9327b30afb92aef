package dev.scylla.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.core.agent.AgentOutcome;
import dev.scylla.core.engine.FailureClassifier.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {
  private static AgentOutcome error(String text, String stderr) {
    return AgentOutcome.failure(1, false, text, 1, stderr);
  }

  @Test
  void classify_recognisesLoginFailures() {
    for (String t :
        new String[] {
          "Not logged in · Please run /login",
          "API Error: 401 {\"type\":\"error\"}",
          "OAuth token has expired. Please obtain a new token",
          "refresh failed: invalid_grant"
        }) {
      assertThat(FailureClassifier.classify(error(t, ""))).as(t).isEqualTo(Kind.AUTH);
    }
  }

  @Test
  void classify_recognisesRateLimitsInResultOrStderr() {
    assertThat(FailureClassifier.classify(error("API Error: 429 rate_limit_error", "")))
        .isEqualTo(Kind.RATE_LIMIT);
    assertThat(FailureClassifier.classify(error("Overloaded", ""))).isEqualTo(Kind.RATE_LIMIT);
    assertThat(
            FailureClassifier.classify(
                error("", "You've hit your limit · resets 4pm (Europe/Berlin)")))
        .isEqualTo(Kind.RATE_LIMIT);
    assertThat(FailureClassifier.classify(error("API Error: 500", ""))).isEqualTo(Kind.NONE);
  }

  @Test
  void classify_neverFlagsSuccessesOrTimeouts() {
    AgentOutcome ok =
        new AgentOutcome(
            0,
            false,
            false,
            "success",
            "fixed the 401 handler and the rate limit",
            0,
            0,
            0,
            0,
            0.1,
            null,
            1,
            1,
            "s",
            "");
    assertThat(FailureClassifier.classify(ok)).isEqualTo(Kind.NONE);
    assertThat(FailureClassifier.classify(AgentOutcome.failure(-1, true, "Not logged in", 1, "")))
        .isEqualTo(Kind.NONE);
  }

  @Test
  void pauseFor_usesResetTimePlusTenPercentElseFallback() {
    // 13:00 UTC = 14:00 in Berlin (winter): "resets 4pm" is two hours away.
    Clock clock = Clock.fixed(Instant.parse("2026-01-15T13:00:00Z"), ZoneOffset.UTC);
    assertThat(
            FailureClassifier.pauseFor(
                "hit your limit · resets 4pm (Europe/Berlin)", clock, Duration.ofSeconds(60)))
        .isEqualTo(Duration.ofMinutes(132));
    assertThat(FailureClassifier.pauseFor("resets 1:30pm (UTC)", clock, Duration.ofSeconds(60)))
        .isEqualTo(Duration.ofMinutes(33));
    assertThat(FailureClassifier.pauseFor("retry after 20 seconds", clock, Duration.ofSeconds(60)))
        .isEqualTo(Duration.ofSeconds(22));
    assertThat(FailureClassifier.pauseFor("429 Too Many Requests", clock, Duration.ofSeconds(60)))
        .isEqualTo(Duration.ofSeconds(60));
  }
}
