package dev.scylla.core.internal.workspace;

import dev.scylla.core.fixture.McpServerSpec;
import dev.scylla.core.workspace.McpServerStatus;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one table that maps a fixture's MCP server name to the command starting it. {@code
 * <workspace>} stands for the run's workspace. Servers started with {@code npx} need Node.js (in
 * the runner image); those started with {@code uvx} need uv, which the image does not ship. A
 * server that cannot be started (not in the table, {@code source: local}, launcher missing) is
 * skipped, never fatal: see {@link #plan}.
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

  /** The launchers the runner image ships; {@code scylla validate} warns about the others. */
  public static final Set<String> IMAGE_LAUNCHERS = Set.of("npx");

  /**
   * What to do with {@code server} in {@code workspace}: start it with the table's command when its
   * launcher is available, else skip it with the reason.
   *
   * @param launcherAvailable whether a program (e.g. {@code npx}) can be run; {@link #onPath} at
   *     run time, {@code IMAGE_LAUNCHERS::contains} when validating on the host
   * @param missingLauncher how to say a launcher is missing, e.g. "is not on the PATH"
   */
  public static McpServerStatus plan(
      McpServerSpec server,
      Path workspace,
      Predicate<String> launcherAvailable,
      String missingLauncher) {
    if ("local".equalsIgnoreCase(nullToEmpty(server.source())) || server.configPath() != null) {
      return new McpServerStatus(
          server.name(),
          false,
          List.of(),
          "a local server"
              + (server.configPath() == null ? "" : " (config_path " + server.configPath() + ")")
              + ": Scylla starts only the servers of its table ("
              + String.join(", ", names())
              + ")");
    }
    Optional<List<String>> command = command(server.name(), workspace);
    if (command.isEmpty()) {
      return new McpServerStatus(
          server.name(),
          false,
          List.of(),
          "no launcher known for '"
              + server.name()
              + "' (known: "
              + String.join(", ", names())
              + ")");
    }
    String launcher = command.get().get(0);
    if (!launcherAvailable.test(launcher)) {
      return new McpServerStatus(
          server.name(), false, List.of(), "its launcher " + launcher + " " + missingLauncher);
    }
    return new McpServerStatus(server.name(), true, command.get(), null);
  }

  /** Whether {@code program} is an executable file in a folder of the PATH. */
  public static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
