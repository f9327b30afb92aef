package dev.scylla.core.workspace;

import java.util.List;
import java.util.Objects;

/**
 * What became of one MCP server a sub-test asks for: given to the agent in its MCP configuration
 * ("started"), or skipped with the reason. A skipped server never stops an experiment.
 *
 * @param name the server name
 * @param started whether it is in the agent's MCP configuration
 * @param command the command starting it (program first), empty when skipped
 * @param reason why it was skipped, null when started
 */
public record McpServerStatus(String name, boolean started, List<String> command, String reason) {

  /** Validates that a started server has a command and a skipped one a reason. */
  public McpServerStatus {
    Objects.requireNonNull(name, "name");
    command = command == null ? List.of() : List.copyOf(command);
    if (started && command.isEmpty()) {
      throw new IllegalArgumentException("started MCP server " + name + " needs a command");
    }
    if (!started && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException("skipped MCP server " + name + " needs a reason");
    }
  }

  /** {@code started} or {@code skipped}, as written in the manifest. */
  public String status() {
    return started ? "started" : "skipped";
  }
}
