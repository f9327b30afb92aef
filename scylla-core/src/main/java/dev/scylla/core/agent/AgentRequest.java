package dev.scylla.core.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One call of an agent or a judge: what to run, where, and where to keep its logs.
 *
 * @param role whether the call is the agent under test or a judge of its work
 * @param tierId tier of the run, e.g. {@code T0}
 * @param subTestId sub-test of the run, e.g. {@code 00}
 * @param runNumber 1-based run number inside the sub-test
 * @param judgeNumber 1-based judge number for judge calls, 0 for agent calls
 * @param workingDirectory directory the agent works in (the run's workspace for agents)
 * @param prompt the full prompt, given to the process on stdin
 * @param model model id to use
 * @param maxTurns maximum number of turns, or {@code null} for no limit
 * @param timeout wall-clock limit of the call
 * @param tools tool names the agent may use, {@code null} for all, empty for none
 * @param mcpConfig MCP server configuration file, or {@code null} for none
 * @param logDirectory directory for the call's prompt, stdout, stderr and replay script
 * @param systemPrompt the system prompt replacing the agent's own, or {@code null} to keep the
 *     agent's (the judge gets Scylla's judge system prompt)
 * @param agent the named agent the CLI runs as (Claude Code's {@code --agent}), or {@code null}
 */
public record AgentRequest(
    Role role,
    String tierId,
    String subTestId,
    int runNumber,
    int judgeNumber,
    Path workingDirectory,
    String prompt,
    String model,
    Integer maxTurns,
    Duration timeout,
    List<String> tools,
    Path mcpConfig,
    Path logDirectory,
    String systemPrompt,
    String agent) {

  /** Who is being called. */
  public enum Role {
    /** The agent under evaluation. */
    AGENT,
    /** A judge grading the agent's work. */
    JUDGE
  }

  /** Validates the request. */
  public AgentRequest {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(tierId, "tierId");
    Objects.requireNonNull(subTestId, "subTestId");
    if (runNumber < 1) {
      throw new IllegalArgumentException("runNumber must be >= 1, was " + runNumber);
    }
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(model, "model");
    if (maxTurns != null && maxTurns < 1) {
      throw new IllegalArgumentException("maxTurns must be >= 1, was " + maxTurns);
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    tools = tools == null ? null : List.copyOf(tools);
    Objects.requireNonNull(logDirectory, "logDirectory");
    if (agent != null && agent.isBlank()) {
      agent = null;
    }
  }

  /** A request without a named agent. */
  public AgentRequest(
      Role role,
      String tierId,
      String subTestId,
      int runNumber,
      int judgeNumber,
      Path workingDirectory,
      String prompt,
      String model,
      Integer maxTurns,
      Duration timeout,
      List<String> tools,
      Path mcpConfig,
      Path logDirectory,
      String systemPrompt) {
    this(
        role,
        tierId,
        subTestId,
        runNumber,
        judgeNumber,
        workingDirectory,
        prompt,
        model,
        maxTurns,
        timeout,
        tools,
        mcpConfig,
        logDirectory,
        systemPrompt,
        null);
  }

  /** A request that keeps the agent's own system prompt. */
  public AgentRequest(
      Role role,
      String tierId,
      String subTestId,
      int runNumber,
      int judgeNumber,
      Path workingDirectory,
      String prompt,
      String model,
      Integer maxTurns,
      Duration timeout,
      List<String> tools,
      Path mcpConfig,
      Path logDirectory) {
    this(
        role,
        tierId,
        subTestId,
        runNumber,
        judgeNumber,
        workingDirectory,
        prompt,
        model,
        maxTurns,
        timeout,
        tools,
        mcpConfig,
        logDirectory,
        null,
        null);
  }
}
