package dev.scylla.cli.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Optional;

/**
 * One progress report of a running experiment, as the engine inside the container hands it to the
 * host: a human line plus the counters of the live status line.
 *
 * @param kind what happened: {@code started}, {@code run}, {@code tier}, {@code notice}
 * @param message the human-readable line, never empty
 * @param experimentDir the experiment's results folder (on {@code started})
 * @param runsDone runs finished so far, reused ones included
 * @param runsTotal runs the experiment plans
 * @param passed runs that passed so far
 * @param costUsd agent cost so far
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Progress(
    String kind,
    String message,
    String experimentDir,
    int runsDone,
    int runsTotal,
    int passed,
    double costUsd) {

  /** Prefix of a progress line in the container's output. */
  public static final String PREFIX = "@@scylla-progress ";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** This progress as one line of the container protocol. */
  public String toLine() {
    try {
      return PREFIX + JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("progress cannot be written as JSON", e);
    }
  }

  /** The progress a line carries, if it is a protocol line. */
  public static Optional<Progress> parse(String line) {
    if (!line.startsWith(PREFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(line.substring(PREFIX.length()), Progress.class));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
