package dev.scylla.core.internal.workspace;

import dev.scylla.core.workspace.McpServerStatus;
import java.nio.file.Path;
import java.util.List;

/**
 * A run's workspace after the sub-test's configuration was applied and committed.
 *
 * @param directory the worktree the agent works in
 * @param tools tool names for {@code --tools}, or {@code null} for all tools
 * @param mcpConfig the MCP configuration file, or {@code null} when the sub-test has no server
 * @param claudeMdSha256 SHA-256 of the composed CLAUDE.md, or {@code null} when there is none
 * @param preparedCommit the commit holding the prepared configuration (the judge diffs against it)
 * @param resources the resources applied (a later tier's baseline when this sub-test is best)
 * @param mcpServers what became of each MCP server asked for: started or skipped and why
 */
public record PreparedWorkspace(
    Path directory,
    List<String> tools,
    Path mcpConfig,
    String claudeMdSha256,
    String preparedCommit,
    SubTestResources resources,
    List<McpServerStatus> mcpServers) {

  /** Copies the lists. */
  public PreparedWorkspace {
    tools = tools == null ? null : List.copyOf(tools);
    mcpServers = mcpServers == null ? List.of() : List.copyOf(mcpServers);
  }
}
