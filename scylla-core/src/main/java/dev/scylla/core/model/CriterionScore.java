package dev.scylla.core.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.scylla.core.internal.Checks;

/**
 * A judge's score for one rubric category or criterion.
 *
 * @param score the score in [0, 1], or null when the criterion was not applicable
 * @param explanation the judge's words on it, or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CriterionScore(Double score, String explanation) {

  /** Validates the score range. */
  public CriterionScore {
    Checks.optionalUnit(score, "criterion score");
  }
}
