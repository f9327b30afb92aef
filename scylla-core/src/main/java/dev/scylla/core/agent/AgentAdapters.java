package dev.scylla.core.agent;

import java.nio.file.Path;
import java.util.Map;

/** Creates the built-in adapters from runner specs; {@link AgentRunners} also knows custom ones. */
public final class AgentAdapters {
  private AgentAdapters() {}

  /**
   * Parses {@code claude-code} or {@code scripted:FILE} (FILE relative to {@code baseDir}).
   *
   * @throws AgentException for any other value or an unreadable script
   */
  public static AgentAdapter fromSpec(String spec, Path baseDir) {
    return fromSpec(spec, baseDir, "claude");
  }

  /**
   * Like {@link #fromSpec(String, Path)}, with the Claude Code binary to run for {@code
   * claude-code} (a name on the PATH or a path, e.g. a stub in tests).
   */
  public static AgentAdapter fromSpec(String spec, Path baseDir, String claudeBinary) {
    return AgentRunners.builtIn()
        .create(
            spec == null || spec.isBlank() ? AgentRunners.DEFAULT : spec,
            new AgentAdapterProvider.Context(baseDir, Map.of(), claudeBinary));
  }
}
