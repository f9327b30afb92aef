package dev.scylla.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.core.agent.AgentOutcome;
import dev.scylla.core.agent.FailureKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {
  private static AgentOutcome error(String text, String stderr) {
    return AgentOutcome.builder()
        .exitCode(1)
        .error(true)
        .resultText(text)
        .durationSeconds(1)
        .stderr(stderr)
        .build();
  }

  private static AgentOutcome ok(String text) {
    return AgentOutcome.builder()
        .subtype("success")
        .resultText(text)
        .totalCostUsd(0.1)
        .durationSeconds(1)
        .numTurns(1)
        .sessionId("s")
        .build();
  }

  @Test
  void classify_textFallback_recognisesLoginFailures() {
    for (String t :
        new String[] {
          "Not logged in · Please run /login",
          "API Error: 401 {\"type\":\"error\"}",
          "Failed to authenticate. API Error: 401 OAuth token has expired",
          "refresh failed: invalid_grant"
        }) {
      assertThat(FailureClassifier.classify(error(t, ""))).as(t).isEqualTo(FailureKind.AUTH);
    }
  }

  @Test
  void classify_textFallback_tellsRateLimitsFromOverloadAndServerErrors() {
    assertThat(FailureClassifier.classify(error("API Error: 429 rate_limit_error", "")))
        .isEqualTo(FailureKind.RATE_LIMIT);
    assertThat(
            FailureClassifier.classify(
                error(
                    "API Error: Server is temporarily limiting requests (not your usage limit)",
                    "")))
        .isEqualTo(FailureKind.RATE_LIMIT);
    assertThat(
            FailureClassifier.classify(
                error("", "You've hit your limit · resets 4pm (Europe/Berlin)")))
        .isEqualTo(FailureKind.RATE_LIMIT);
    assertThat(FailureClassifier.classify(error("API Error: 529 Overloaded.", "")))
        .isEqualTo(FailureKind.OVERLOADED);
    assertThat(FailureClassifier.classify(error("API Error: 500 Internal server error.", "")))
        .isEqualTo(FailureKind.SERVER_ERROR);
    assertThat(FailureClassifier.classify(error("the tests did not pass", "")))
        .isEqualTo(FailureKind.OTHER);
  }

  @Test
  void classify_kindFromTheAgentsFieldsWinsOverTheText() {
    // The text mentions a login, the CLI's api_error_status said 529: the field decides.
    AgentOutcome overloaded =
        error("could not fix the 401 handler", "").withFailureKind(FailureKind.OVERLOADED);
    assertThat(FailureClassifier.classify(overloaded)).isEqualTo(FailureKind.OVERLOADED);
    AgentOutcome maxTurns = error("Reached max turns", "").withFailureKind(FailureKind.MAX_TURNS);
    assertThat(FailureClassifier.classify(maxTurns)).isEqualTo(FailureKind.MAX_TURNS);
    // A custom runner sets the kind through the builder.
    AgentOutcome built =
        AgentOutcome.builder()
            .exitCode(1)
            .error(true)
            .resultText("service unavailable")
            .failureKind(FailureKind.SERVER_ERROR)
            .apiErrorStatus(503)
            .build();
    assertThat(FailureClassifier.classify(built)).isEqualTo(FailureKind.SERVER_ERROR);
    assertThat(built.apiErrorStatus()).isEqualTo(503);
  }

  @Test
  void classify_neverFlagsSuccesses_andTimeoutsAreTimeouts() {
    assertThat(FailureClassifier.classify(ok("fixed the 401 handler and the rate limit")))
        .isEqualTo(FailureKind.NONE);
    AgentOutcome killed =
        AgentOutcome.builder().exitCode(-1).timedOut(true).resultText("Not logged in").build();
    assertThat(FailureClassifier.classify(killed)).isEqualTo(FailureKind.TIMEOUT);
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

  @Test
  void resetDelay_withoutAZone_readsTheTimeInLosAngeles() {
    // 13:00 UTC = 05:00 in Los Angeles (PST, UTC-8): "resets 4pm" is 11 hours away, not 3.
    Clock clock = Clock.fixed(Instant.parse("2026-01-15T13:00:00Z"), ZoneOffset.UTC);
    assertThat(FailureClassifier.resetDelay("You've hit your limit · resets 4pm", clock))
        .hasValue(Duration.ofHours(11));
    // In summer Los Angeles is UTC-7.
    Clock july = Clock.fixed(Instant.parse("2026-07-15T13:00:00Z"), ZoneOffset.UTC);
    assertThat(FailureClassifier.resetDelay("resets 4pm", july)).hasValue(Duration.ofHours(10));
  }
}
