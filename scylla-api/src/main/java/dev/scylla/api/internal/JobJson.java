package dev.scylla.api.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scylla.api.InvalidInputException;
import dev.scylla.api.RunJob;
import dev.scylla.core.model.ExperimentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The JSON form of a {@link RunJob}, and the settings' paths moved into the pod. */
public final class JobJson {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private JobJson() {}

  /** The job as JSON. */
  public static String write(RunJob job) {
    try {
      return JSON.writeValueAsString(job);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a run job cannot be written as JSON", e);
    }
  }

  /**
   * Reads the job in {@code file}.
   *
   * @throws InvalidInputException when it is missing or not a job of this version
   */
  public static RunJob read(Path file) {
    try {
      return JSON.readValue(Files.readString(file), RunJob.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidInputException(
          "cannot read the run job " + file + ": " + e.getMessage().lines().findFirst().orElse(""),
          e);
    }
  }

  /** {@code config} with some of its fields (JSON names) replaced, the rest as it is. */
  public static ExperimentConfig withFields(ExperimentConfig config, Map<String, String> fields) {
    ObjectNode node = JSON.valueToTree(config);
    fields.forEach(node::put);
    try {
      return JSON.treeToValue(node, ExperimentConfig.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the experiment settings cannot be moved into the pod", e);
    }
  }
}
