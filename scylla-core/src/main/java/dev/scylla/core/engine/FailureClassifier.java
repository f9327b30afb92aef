package dev.scylla.core.engine;

import dev.scylla.core.agent.AgentOutcome;
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
 * Recognises the failures that are not results: an expired or missing login, and rate limits (with
 * the reset time when the message gives one).
 */
final class FailureClassifier {

  /** What kind of failure an outcome is, if any. */
  enum Kind {
    /** Not a login or rate-limit failure (it may still be an ordinary error). */
    NONE,
    /** The login is missing or expired: the experiment must stop. */
    AUTH,
    /** A rate limit: pause and retry. */
    RATE_LIMIT
  }

  private static final Pattern AUTH =
      Pattern.compile(
          "not logged in|oauth token has expired|invalid_grant|\\b401\\b|"
              + "invalid api key|authentication_error|please run /login",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern RATE =
      Pattern.compile(
          "\\b429\\b|rate[ _-]?limit|overloaded|hit your limit|usage limit|resets\\s",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern RESET_CLOCK =
      Pattern.compile(
          "resets\\s+(?:at\\s+)?(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm)?\\s*(?:\\(([^)]+)\\))?",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern RETRY_AFTER =
      Pattern.compile(
          "retry[ -]after[:\\s]+(\\d+)|try again in (\\d+)\\s*s", Pattern.CASE_INSENSITIVE);

  private FailureClassifier() {}

  /** Classifies an outcome from its result text and stderr; successes are always NONE. */
  static Kind classify(AgentOutcome outcome) {
    if (!outcome.isError() || outcome.timedOut()) {
      return Kind.NONE;
    }
    String text = outcome.resultText() + "\n" + outcome.stderr();
    if (AUTH.matcher(text).find()) {
      return Kind.AUTH;
    }
    if (RATE.matcher(text).find()) {
      return Kind.RATE_LIMIT;
    }
    return Kind.NONE;
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
    ZoneId zone = ZoneId.of("UTC");
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
