package dev.scylla.core.internal.workspace;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The one table that maps a fixture's MCP server name to the command starting it. {@code
 * <workspace>} stands for the run's workspace. Servers started with {@code npx} need Node.js (in
 * the runner image); those started with {@code uvx} need uv, which the image does not ship.
 *
 * <table>
 *   <caption>MCP servers</caption>
 *   <tr><th>name</th><th>command</th></tr>
 *   <tr><td>filesystem</td><td>npx -y @modelcontextprotocol/server-filesystem &lt;workspace&gt;</td></tr>
 *   <tr><td>memory</td><td>npx -y @modelcontextprotocol/server-memory</td></tr>
 *   <tr><td>sequential-thinking</td><td>npx -y @modelcontextprotocol/server-sequential-thinking</td></tr>
 *   <tr><td>github</td><td>npx -y @modelcontextprotocol/server-github</td></tr>
 *   <tr><td>postgres</td><td>npx -y @modelcontextprotocol/server-postgres postgresql://localhost/postgres</td></tr>
 *   <tr><td>puppeteer</td><td>npx -y @modelcontextprotocol/server-puppeteer</td></tr>
 *   <tr><td>playwright</td><td>npx -y @playwright/mcp</td></tr>
 *   <tr><td>git</td><td>uvx mcp-server-git --repository &lt;workspace&gt;</td></tr>
 *   <tr><td>fetch</td><td>uvx mcp-server-fetch</td></tr>
 *   <tr><td>time</td><td>uvx mcp-server-time</td></tr>
 * </table>
 */
public final class McpServers {
  private static final Map<String, Function<Path, List<String>>> TABLE = new TreeMap<>();

  static {
    TABLE.put("filesystem", ws -> npx("@modelcontextprotocol/server-filesystem", ws.toString()));
    TABLE.put("memory", ws -> npx("@modelcontextprotocol/server-memory"));
    TABLE.put("sequential-thinking", ws -> npx("@modelcontextprotocol/server-sequential-thinking"));
    TABLE.put("github", ws -> npx("@modelcontextprotocol/server-github"));
    TABLE.put(
        "postgres",
        ws -> npx("@modelcontextprotocol/server-postgres", "postgresql://localhost/postgres"));
    TABLE.put("puppeteer", ws -> npx("@modelcontextprotocol/server-puppeteer"));
    TABLE.put("playwright", ws -> npx("@playwright/mcp"));
    TABLE.put("git", ws -> List.of("uvx", "mcp-server-git", "--repository", ws.toString()));
    TABLE.put("fetch", ws -> List.of("uvx", "mcp-server-fetch"));
    TABLE.put("time", ws -> List.of("uvx", "mcp-server-time"));
  }

  private McpServers() {}

  private static List<String> npx(String... rest) {
    List<String> cmd = new java.util.ArrayList<>(List.of("npx", "-y"));
    cmd.addAll(List.of(rest));
    return List.copyOf(cmd);
  }

  /** The command (program first) starting server {@code name} for a workspace, if known. */
  public static Optional<List<String>> command(String name, Path workspace) {
    Function<Path, List<String>> f = TABLE.get(name);
    return f == null ? Optional.empty() : Optional.of(f.apply(workspace.toAbsolutePath()));
  }

  /** The names the table knows. */
  public static List<String> names() {
    return List.copyOf(TABLE.keySet());
  }
}
