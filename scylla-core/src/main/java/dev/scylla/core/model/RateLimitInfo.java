package dev.scylla.core.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.scylla.core.internal.Checks;
import java.time.Instant;

/**
 * A rate limit met while running a sub-test.
 *
 * @param source who reported it: {@code agent} or {@code judge}
 * @param retryAfterSeconds seconds to wait before retrying, or null when not given
 * @param errorMessage the message that revealed the limit
 * @param detectedAt when it was seen
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RateLimitInfo(
    String source, Double retryAfterSeconds, String errorMessage, Instant detectedAt) {

  /** Validates the fields. */
  public RateLimitInfo {
    Checks.notBlank(source, "source");
    Checks.optionalFiniteNonNegative(retryAfterSeconds, "retry_after_seconds");
    errorMessage = errorMessage == null ? "" : errorMessage;
    Checks.notNull(detectedAt, "detected_at");
  }
}
