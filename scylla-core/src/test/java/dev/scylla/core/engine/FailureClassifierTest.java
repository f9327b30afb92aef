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

  @Test
  void classify_textFallback_recognisesAnApiThatCannotBeReached() {
    assertThat(
            FailureClassifier.classify(
                error(
                    "API Error: Connection refused — a firewall or proxy may be blocking it"
                        + " (ECONNREFUSED)",
                    "")))
        .isEqualTo(FailureKind.CONNECTION);
    assertThat(
            FailureClassifier.classify(
                error(
                    "API Error: Can't reach the API server — check your internet or DNS"
                        + " (EAI_AGAIN)",
                    "")))
        .isEqualTo(FailureKind.CONNECTION);
    assertThat(
            FailureClassifier.classify(
                error("API Error: unable to get local issuer certificate", "")))
        .isEqualTo(FailureKind.CONNECTION);
    assertThat(FailureClassifier.classify(error("Request timed out. Set API_TIMEOUT_MS", "")))
        .isEqualTo(FailureKind.API_TIMEOUT);
    // Network words outside the CLI's framing of an API failure are the agent's own.
    assertThat(
            FailureClassifier.classify(
                error("could not fix the certificate check: connection refused by the test", "")))
        .isEqualTo(FailureKind.OTHER);
  }

  @Test
  void classify_infrastructureKindsAreInfrastructure_othersAreNot() {
    assertThat(FailureKind.CONNECTION.infrastructure()).isTrue();
    assertThat(FailureKind.API_TIMEOUT.infrastructure()).isTrue();
    assertThat(FailureKind.OVERLOADED.infrastructure()).isTrue();
    assertThat(FailureKind.SERVER_ERROR.infrastructure()).isTrue();
    assertThat(FailureKind.TIMEOUT.infrastructure()).isFalse();
    assertThat(FailureKind.RATE_LIMIT.infrastructure()).isFalse();
    assertThat(FailureKind.OTHER.infrastructure()).isFalse();
  }

  @Test
  void resetDelay_readsADatedResetAsThatDay() {
    Clock clock = Clock.fixed(Instant.parse("2026-03-30T13:00:00Z"), ZoneOffset.UTC);
    // Apr 3, 6am in Los Angeles (PDT, UTC-7) = Apr 3, 13:00 UTC: four days away.
    assertThat(FailureClassifier.resetDelay("Weekly limit reached · resets Apr 3, 6am", clock))
        .hasValue(Duration.ofDays(4));
    assertThat(FailureClassifier.resetDelay("resets Apr 3 at 6:30pm (UTC)", clock))
        .hasValue(Duration.ofDays(4).plusHours(5).plusMinutes(30));
    assertThat(FailureClassifier.classify(error("You've hit your limit · resets Apr 3, 6am", "")))
        .isEqualTo(FailureKind.RATE_LIMIT);
    // A date early in the year seen in December is next year's.
    Clock december = Clock.fixed(Instant.parse("2026-12-30T13:00:00Z"), ZoneOffset.UTC);
    assertThat(FailureClassifier.resetDelay("resets Jan 2, 1pm (UTC)", december))
        .hasValue(Duration.ofDays(3));
  }

  @Test
  void pauseFor_aDatedResetPausesUntilThenWithAtMostHalfAnHourMore() {
    Clock clock = Clock.fixed(Instant.parse("2026-03-30T13:00:00Z"), ZoneOffset.UTC);
    assertThat(FailureClassifier.pauseFor("resets Apr 3, 6am", clock, Duration.ofSeconds(60)))
        .isEqualTo(Duration.ofDays(4).plusMinutes(30));
  }

  @Test
  void classify_aLimitTextIsARateLimit_aContextLimitIsNot() {
    assertThat(FailureClassifier.classify(error("Weekly limit reached · resets Apr 3, 6am", "")))
        .isEqualTo(FailureKind.RATE_LIMIT);
    assertThat(FailureClassifier.classify(error("5-hour limit reached ∙ resets 3am", "")))
        .isEqualTo(FailureKind.RATE_LIMIT);
    // The conversation outgrew the model's context: the agent's run, not a pause.
    assertThat(FailureClassifier.classify(error("Context limit reached", "")))
        .isEqualTo(FailureKind.OTHER);
  }
}
