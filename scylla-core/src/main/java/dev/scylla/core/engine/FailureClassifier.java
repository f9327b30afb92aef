package dev.scylla.core.engine;

import dev.scylla.core.agent.AgentOutcome;
import dev.scylla.core.agent.FailureKind;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies failed agent and judge calls: first by the kind the adapter read from the agent's own
 * fields ({@code api_error_status}, {@code terminal_reason}, {@code subtype}), and only when it
 * gave none by the text of the result and stderr. Also reads rate-limit reset times.
 */
final class FailureClassifier {

  /**
   * The zone of a reset time that names none ("resets 4pm"): Claude's usage limits are stated in US
   * Pacific time, and ProjectScylla reads them so.
   */
  public static final ZoneId DEFAULT_RESET_ZONE = ZoneId.of("America/Los_Angeles");

  private static final Pattern AUTH =
      Pattern.compile(
          "not logged in|oauth token has expired|invalid_grant|\\b401\\b|\\b403\\b|"
              + "invalid api key|authentication_error|failed to authenticate|please run /login",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern RATE =
      Pattern.compile(
          "\\b429\\b|rate[ _-]?limit|limiting requests|hit your limit|usage limit|resets\\s",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern OVERLOADED =
      Pattern.compile("\\b529\\b|overloaded", Pattern.CASE_INSENSITIVE);
  private static final Pattern SERVER =
      Pattern.compile("api error: 5\\d\\d|\\b50[0234] ", Pattern.CASE_INSENSITIVE);
  private static final Pattern RESET_CLOCK =
      Pattern.compile(
          "resets\\s+(?:at\\s+)?(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm)?\\s*(?:\\(([^)]+)\\))?",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern RETRY_AFTER =
      Pattern.compile(
          "retry[ -]after[:\\s]+(\\d+)|try again in (\\d+)\\s*s", Pattern.CASE_INSENSITIVE);

  private FailureClassifier() {}

  /**
   * Classifies an outcome: successes are {@link FailureKind#NONE}; a kind the adapter set wins; a
   * timeout is {@link FailureKind#TIMEOUT}; else the result text and stderr decide, and an error
   * they say nothing about is {@link FailureKind#OTHER}.
   */
  public static FailureKind classify(AgentOutcome outcome) {
    if (!outcome.isError()) {
      return FailureKind.NONE;
    }
    if (outcome.failureKind() != null && outcome.failureKind() != FailureKind.NONE) {
      return outcome.failureKind();
    }
    if (outcome.timedOut()) {
      return FailureKind.TIMEOUT;
    }
    String text = outcome.resultText() + "\n" + outcome.stderr();
    if (AUTH.matcher(text).find()) {
      return FailureKind.AUTH;
    }
    if (RATE.matcher(text).find()) {
      return FailureKind.RATE_LIMIT;
    }
    if (OVERLOADED.matcher(text).find()) {
      return FailureKind.OVERLOADED;
    }
    if (SERVER.matcher(text).find()) {
      return FailureKind.SERVER_ERROR;
    }
    return FailureKind.OTHER;
  }

  /**
   * How long to pause for a rate limit: until the reset time the text gives plus 10 %, else {@code
   * fallback}.
   */
  static Duration pauseFor(String text, Clock clock, Duration fallback) {
    return resetDelay(text, clock)
        .map(d -> d.plus(d.dividedBy(10)))
        .filter(d -> !d.isNegative() && !d.isZero())
        .orElse(fallback);
  }

  /** The delay until the reset time given in the text, if any. */
  static Optional<Duration> resetDelay(String text, Clock clock) {
    Matcher retry = RETRY_AFTER.matcher(text);
    if (retry.find()) {
      String s = retry.group(1) != null ? retry.group(1) : retry.group(2);
      return Optional.of(Duration.ofSeconds(Long.parseLong(s)));
    }
    Matcher m = RESET_CLOCK.matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    int hour = Integer.parseInt(m.group(1));
    int minute = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
    String ampm = m.group(3) == null ? null : m.group(3).toLowerCase(Locale.ROOT);
    if ("pm".equals(ampm) && hour < 12) {
      hour += 12;
    } else if ("am".equals(ampm) && hour == 12) {
      hour = 0;
    }
    if (hour > 23 || minute > 59) {
      return Optional.empty();
    }
    ZoneId zone = DEFAULT_RESET_ZONE;
    if (m.group(4) != null) {
      try {
        zone = ZoneId.of(m.group(4).trim());
      } catch (DateTimeException e) {
        return Optional.empty();
      }
    }
    Instant now = clock.instant();
    ZonedDateTime local = now.atZone(zone);
    ZonedDateTime reset = local.with(LocalTime.of(hour, minute));
    if (!reset.isAfter(local)) {
      reset = reset.plusDays(1);
    }
    return Optional.of(Duration.between(now, reset.toInstant()));
  }
}
