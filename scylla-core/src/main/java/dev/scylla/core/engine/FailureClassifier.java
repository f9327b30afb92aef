package dev.scylla.core.engine;

import dev.scylla.core.agent.AgentOutcome;
import dev.scylla.core.agent.FailureKind;
import dev.scylla.core.agent.FailureTexts;
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

  private static final Pattern RESET_CLOCK =
      Pattern.compile(
          "resets\\s+(?:at\\s+)?(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm)?\\s*(?:\\(([^)]+)\\))?",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern RESET_DATE =
      Pattern.compile(
          "resets\\s+(?:on\\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?\\s+(\\d{1,2}),?"
              + "\\s*(?:at\\s+)?(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm)?\\s*(?:\\(([^)]+)\\))?",
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
    FailureKind fromText = FailureTexts.classify(outcome.resultText() + "\n" + outcome.stderr());
    return fromText != null ? fromText : FailureKind.OTHER;
  }

  /**
   * How long to pause for a rate limit: until the reset time the text gives plus 10 % (at most 30
   * minutes), else {@code fallback}.
   */
  static Duration pauseFor(String text, Clock clock, Duration fallback) {
    // A margin of 10 %, at most 30 minutes: a weekly limit's reset is days away.
    return resetDelay(text, clock)
        .map(d -> d.plus(min(d.dividedBy(10), Duration.ofMinutes(30))))
        .filter(d -> !d.isNegative() && !d.isZero())
        .orElse(fallback);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** The delay until the reset time given in the text, if any. */
  static Optional<Duration> resetDelay(String text, Clock clock) {
    Matcher retry = RETRY_AFTER.matcher(text);
    if (retry.find()) {
      String s = retry.group(1) != null ? retry.group(1) : retry.group(2);
      return Optional.of(Duration.ofSeconds(Long.parseLong(s)));
    }
    Matcher dated = RESET_DATE.matcher(text);
    if (dated.find()) {
      return datedReset(dated, clock);
    }
    Matcher m = RESET_CLOCK.matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    Optional<LocalTime> time = time(m.group(1), m.group(2), m.group(3));
    Optional<ZoneId> zone = zone(m.group(4));
    if (time.isEmpty() || zone.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    ZonedDateTime local = now.atZone(zone.get());
    ZonedDateTime reset = local.with(time.get());
    if (!reset.isAfter(local)) {
      reset = reset.plusDays(1);
    }
    return Optional.of(Duration.between(now, reset.toInstant()));
  }

  /**
   * A reset on a date ("resets Apr 3, 6am", the weekly limit's form): that day of this year, or of
   * the next when it has passed by more than a day.
   */
  private static Optional<Duration> datedReset(Matcher m, Clock clock) {
    int month = MONTHS.indexOf(m.group(1).toLowerCase(Locale.ROOT)) / 3 + 1;
    int day = Integer.parseInt(m.group(2));
    Optional<LocalTime> time = time(m.group(3), m.group(4), m.group(5));
    Optional<ZoneId> zone = zone(m.group(6));
    if (time.isEmpty() || zone.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    ZonedDateTime local = now.atZone(zone.get());
    ZonedDateTime reset;
    try {
      reset =
          ZonedDateTime.of(
              local.toLocalDate().withMonth(month).withDayOfMonth(day), time.get(), zone.get());
    } catch (DateTimeException e) {
      return Optional.empty();
    }
    if (reset.isBefore(local.minusDays(1))) {
      reset = reset.plusYears(1);
    }
    return Optional.of(Duration.between(now, reset.toInstant()));
  }

  private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

  private static Optional<LocalTime> time(String h, String min, String amPm) {
    int hour = Integer.parseInt(h);
    int minute = min == null ? 0 : Integer.parseInt(min);
    String ampm = amPm == null ? null : amPm.toLowerCase(Locale.ROOT);
    if ("pm".equals(ampm) && hour < 12) {
      hour += 12;
    } else if ("am".equals(ampm) && hour == 12) {
      hour = 0;
    }
    if (hour > 23 || minute > 59) {
      return Optional.empty();
    }
    return Optional.of(LocalTime.of(hour, minute));
  }

  private static Optional<ZoneId> zone(String name) {
    if (name == null) {
      return Optional.of(DEFAULT_RESET_ZONE);
    }
    try {
      return Optional.of(ZoneId.of(name.trim()));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }
}
