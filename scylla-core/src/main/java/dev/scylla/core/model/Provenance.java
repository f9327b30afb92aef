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
 * @param login how the agent logged in: {@code oauth} (a Claude subscription), {@code api_key}, or
 *     null when unknown or there was no login (a scripted agent)
 * @param pythonVersion the runner image's Python ({@code python3 --version}, e.g. {@code 3.14.2}),
 *     or null
 * @param judgeSystemPrompt where the judges' system prompt came from: a file's path, or {@code
 *     builtin:...} for Scylla's own; null when unknown
 * @param judgeSystemPromptSha256 the SHA-256 of that prompt, or null
 * @param networkMode the Docker network mode of the runner container ({@code bridge}, {@code none},
 *     {@code container:NAME}...), or null when not known
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Provenance(
    String scyllaVersion,
    String runnerImageId,
    String runnerImageHash,
    String claudeCodeVersion,
    List<String> agentModels,
    List<String> judgeModels,
    String login,
    String pythonVersion,
    String judgeSystemPrompt,
    String judgeSystemPromptSha256,
    String networkMode) {

  /** A subscription login: Claude Code's {@code total_cost_usd} is then an estimate, not a bill. */
  public static final String LOGIN_OAUTH = "oauth";

  /** An API key login: the cost is what the API bills. */
  public static final String LOGIN_API_KEY = "api_key";

  /** Copies the lists. */
  public Provenance {
    agentModels = agentModels == null ? List.of() : List.copyOf(agentModels);
    judgeModels = judgeModels == null ? List.of() : List.copyOf(judgeModels);
  }

  /** Provenance without judge prompt and network figures. */
  public Provenance(
      String scyllaVersion,
      String runnerImageId,
      String runnerImageHash,
      String claudeCodeVersion,
      List<String> agentModels,
      List<String> judgeModels,
      String login,
      String pythonVersion) {
    this(
        scyllaVersion,
        runnerImageId,
        runnerImageHash,
        claudeCodeVersion,
        agentModels,
        judgeModels,
        login,
        pythonVersion,
        null,
        null,
        null);
  }

  /** Provenance without a known Python version. */
  public Provenance(
      String scyllaVersion,
      String runnerImageId,
      String runnerImageHash,
      String claudeCodeVersion,
      List<String> agentModels,
      List<String> judgeModels,
      String login) {
    this(
        scyllaVersion,
        runnerImageId,
        runnerImageHash,
        claudeCodeVersion,
        agentModels,
        judgeModels,
        login,
        null);
  }

  /** Provenance without a known login or Python version. */
  public Provenance(
      String scyllaVersion,
      String runnerImageId,
      String runnerImageHash,
      String claudeCodeVersion,
      List<String> agentModels,
      List<String> judgeModels) {
    this(
        scyllaVersion,
        runnerImageId,
        runnerImageHash,
        claudeCodeVersion,
        agentModels,
        judgeModels,
        null,
        null);
  }

  /** This provenance with other model lists (the ones the experiment ran with). */
  public Provenance withModels(List<String> agentModels, List<String> judgeModels) {
    return new Provenance(
        scyllaVersion,
        runnerImageId,
        runnerImageHash,
        claudeCodeVersion,
        agentModels,
        judgeModels,
        login,
        pythonVersion,
        judgeSystemPrompt,
        judgeSystemPromptSha256,
        networkMode);
  }

  /** This provenance with the judges' system prompt of another judging (a re-judging). */
  public Provenance withJudgeSystemPrompt(String source, String sha256) {
    return new Provenance(
        scyllaVersion,
        runnerImageId,
        runnerImageHash,
        claudeCodeVersion,
        agentModels,
        judgeModels,
        login,
        pythonVersion,
        source,
        sha256,
        networkMode);
  }

  /** Whether the agent used a subscription (OAuth) login. */
  public boolean oauthLogin() {
    return LOGIN_OAUTH.equals(login);
  }
}
