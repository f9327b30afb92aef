package dev.scylla.api;

import dev.scylla.api.internal.JobDocuments;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Jobs as documents: the JSON a container target hands to the Scylla inside its runner container,
 * for a runner of one's own that runs jobs where Scylla's container target does not reach. An
 * experiment's document carries its settings document ({@link ExperimentSettings#toJson()}).
 */
public final class Jobs {

  private Jobs() {}

  /**
   * The document of {@code job}: {@code {"version": 1, "kind": "experiment" | "batch" | "rejudge",
   * ...}}.
   *
   * @throws InvalidInputException for a shell, which does not cross into a container
   */
  public static String toJson(Job<?> job) {
    return JobDocuments.write(job);
  }

  /** Writes {@code job}'s document to {@code file}. */
  public static void write(Job<?> job, Path file) throws IOException {
    JobDocuments.write(job, file);
  }

  /**
   * The job of the document in {@code file}.
   *
   * @throws InvalidInputException when it cannot be read or is not a job document of this version
   */
  public static Job<?> read(Path file) {
    return JobDocuments.read(file);
  }
}
