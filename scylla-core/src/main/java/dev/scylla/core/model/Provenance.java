package dev.scylla.core.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * What produced a result, so that results of different agent versions can be compared. Unknown
 * values are null.
 *
 * @param scyllaVersion the Scylla version
 * @param runnerImageId the Docker image id of the runner image, or null outside a container
 * @param runnerImageHash the runner image's content hash (its tag), or null
 * @param claudeCodeVersion the Claude Code CLI version ({@code claude --version}), or null
 * @param agentModels the agent model ids
 * @param judgeModels the judge model ids
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Provenance(
    String scyllaVersion,
    String runnerImageId,
    String runnerImageHash,
    String claudeCodeVersion,
    List<String> agentModels,
    List<String> judgeModels) {

  /** Copies the lists. */
  public Provenance {
    agentModels = agentModels == null ? List.of() : List.copyOf(agentModels);
    judgeModels = judgeModels == null ? List.of() : List.copyOf(judgeModels);
  }
}
