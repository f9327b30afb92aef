package dev.scylla.cli;

import dev.scylla.api.ExitCodes;
import dev.scylla.core.agent.AgentCommandLine;
import dev.scylla.core.agent.AgentRequest;
import dev.scylla.core.agent.ClaudeCodeAdapter;
import dev.scylla.core.engine.SubTestPreview;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureCheck;
import dev.scylla.core.fixture.FixtureLayout;
import dev.scylla.core.fixture.FixtureLoader;
import dev.scylla.core.fixture.FixtureProblem;
import dev.scylla.core.fixture.SubTestSpec;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.TierId;
import dev.scylla.core.results.ResultsLayout;
import dev.scylla.core.workspace.McpServerStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scylla validate}: loads and checks a fixture on the host, running nothing and contacting
 * no repository; with {@code --show}, prints what one sub-test's run would get.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "validate",
    description = {
      "Check a test fixture without running anything: sub-tests per tier, warnings, and every"
          + " problem found. Exits 2 when there is any problem; warnings do not change the exit"
          + " code.",
      "With --show T1/03: the sub-test's composed CLAUDE.md (path, bytes, SHA-256), its .claude/"
          + " tree, its MCP servers (started or skipped, why), the full prompt and the agent's"
          + " command line."
    })
final class ValidateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin GlobalOptions global;

  @Mixin FixtureOptions fixture;

  @Option(
      names = "--show",
      paramLabel = "TIER/NN",
      description = "Show what a run of this sub-test gets, e.g. T1/03.")
  String show;

  @Option(
      names = "--write-workspace",
      paramLabel = "DIR",
      description =
          "With --show: write the prepared workspace to DIR/workspace, and the prompt and MCP"
              + " configuration beside it (DIR must be empty or absent).")
  Path writeWorkspace;

  @Override
  public Integer call() throws IOException {
    Console console = Console.of(spec, global);
    Path dir = fixture.tiersDir().toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new UserInputException("--tiers-dir " + fixture.tiersDir() + " is not a directory");
    }
    if (writeWorkspace != null && show == null) {
      throw new UserInputException("--write-workspace needs --show TIER/NN");
    }
    Optional<Path> shared =
        Optional.ofNullable(fixture.sharedDir).map(p -> p.toAbsolutePath().normalize());
    FixtureCheck check = FixtureLoader.check(dir, shared, fixture.skillsDirs);
    List<FixtureProblem> warnings = new ArrayList<>(check.warnings());
    if (check.ok()) {
      warnings.addAll(SubTestPreview.mcpWarnings(check.fixture()));
    }
    for (FixtureProblem warning : warnings) {
      console.err().println("warning: " + warning);
    }
    if (!check.ok()) {
      for (FixtureProblem problem : check.problems()) {
        console.err().println(problem);
      }
      int n = check.problems().size();
      console.err().println(n + (n == 1 ? " problem" : " problems") + " in " + dir);
      console.err().flush();
      return ExitCodes.USAGE;
    }
    console.err().flush();
    Fixture loaded = check.fixture();
    SubTestSpec shown = show == null ? null : find(loaded, show);
    PrintWriter out = console.out();
    out.println(loaded.test().id() + ": " + loaded.test().name());
    if (loaded.layout() == FixtureLayout.SHARED_CATALOGUE) {
      out.println(
          "Layout: sub-tests from the shared catalogue "
              + loaded.sharedDir().resolve("subtests")
              + " (ProjectScylla main)");
    }
    for (TierId tier : TierId.values()) {
      int count = loaded.subTests(tier).size();
      if (count > 0) {
        out.printf("%s %-10s %3d sub-tests%n", tier, tier.displayName(), count);
      }
    }
    out.println(
        "Total: "
            + loaded.subTestCount()
            + " sub-tests, no problems"
            + (warnings.isEmpty()
                ? ""
                : ", " + warnings.size() + (warnings.size() == 1 ? " warning" : " warnings")));
    if (shown != null) {
      show(out, loaded, shown);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static SubTestSpec find(Fixture fixture, String key) {
    String[] parts = key.trim().split("/", 2);
    TierId tier;
    try {
      tier = TierId.parse(parts[0]);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--show " + key + ": " + e.getMessage() + " (e.g. T1/03)");
    }
    if (parts.length < 2 || parts[1].isBlank()) {
      throw new UserInputException("--show " + key + ": name the sub-test too, e.g. T1/03");
    }
    String id = parts[1].trim();
    String wanted = id.length() == 1 ? "0" + id : id;
    return fixture.subTests(tier).stream()
        .filter(s -> s.id().equals(wanted) || (s.id() + "-").startsWith(wanted + "-"))
        .findFirst()
        .orElseThrow(
            () ->
                new UserInputException(
                    "--show "
                        + key
                        + ": no such sub-test; "
                        + tier
                        + " has "
                        + fixture.subTests(tier).stream().map(SubTestSpec::id).toList()));
  }

  private void show(PrintWriter out, Fixture fixture, SubTestSpec s) throws IOException {
    Path target;
    boolean temporary = writeWorkspace == null;
    if (temporary) {
      target = Files.createTempDirectory("scylla-show-");
    } else {
      target = writeWorkspace.toAbsolutePath().normalize();
      if (Files.exists(target) && !isEmptyDir(target)) {
        throw new UserInputException(
            "--write-workspace " + writeWorkspace + " exists and is not empty: name a new folder");
      }
    }
    try {
      SubTestPreview p = SubTestPreview.write(fixture, s, target);
      Path workspace = p.workspace();
      String shown = temporary ? "<workspace>" : workspace.toString();
      out.println();
      out.println("== " + s.key() + ": " + s.name() + " ==");
      if (!s.sharedCatalogue()) {
        out.println("Folder: " + s.directory());
      } else {
        out.println("Configuration: " + s.configFile());
        out.println(
            "System prompt mode: "
                + (s.systemPromptMode() == null ? "custom (default)" : s.systemPromptMode())
                + "; agent teams: "
                + (s.agentTeams() ? "on" : "off"));
      }
      if (s.extendsPrevious() && (s.tier() == TierId.T5 || s.tier() == TierId.T6)) {
        out.println(
            "Baseline: not shown (the best sub-tests "
                + s.tier()
                + " builds on are known only once the earlier tiers have run)");
      }
      out.println(
          "Workspace: "
              + (temporary ? "prepared in a temporary folder" : workspace.toString())
              + " (the task repository is not cloned: its own files are not shown)");
      if (p.claudeMd() != null) {
        out.printf(
            "CLAUDE.md: %s/CLAUDE.md, %d bytes, SHA-256 %s (blocks: %s)%n",
            shown, p.claudeMd().bytes(), p.claudeMd().sha256(), p.claudeMdBlocks());
      } else {
        out.println("CLAUDE.md: none");
      }
      out.println(
          ".claude/: "
              + (p.claudeDirFiles().isEmpty() ? "none" : p.claudeDirFiles().size() + " files"));
      for (SubTestPreview.FileEntry f : p.claudeDirFiles()) {
        out.printf(
            Locale.ROOT,
            "  %s (%d bytes%s)%n",
            f.path(),
            f.bytes(),
            f.executable() ? ", executable" : "");
      }
      out.println("MCP servers:" + (p.mcpServers().isEmpty() ? " none" : ""));
      for (McpServerStatus server : p.mcpServers()) {
        out.println(
            "  "
                + server.name()
                + (server.started()
                    ? ": started: "
                        + String.join(" ", server.command()).replace(workspace.toString(), shown)
                    : ": skipped: " + server.reason()));
      }
      out.println("Tools: " + (p.tools() == null ? "all" : String.join(", ", p.tools())));
      if (p.settings() != null) {
        out.println("Settings (.claude/settings.json):");
        p.settings().lines().forEach(l -> out.println("  " + l));
      }
      out.printf("Prompt (%d bytes):%n", p.promptBytes());
      out.println("-----");
      out.println(p.prompt());
      out.println("-----");
      AgentRequest request =
          new AgentRequest(
              AgentRequest.Role.AGENT,
              s.tier().name(),
              s.id(),
              1,
              0,
              workspace,
              p.prompt(),
              ExperimentConfig.DEFAULT_MODEL,
              null,
              Duration.ofSeconds(ExperimentConfig.DEFAULT_TIMEOUT_SECONDS),
              p.tools(),
              p.mcpConfig(),
              new ResultsLayout.Run(target).agentDir(),
              p.systemPrompt(),
              p.agent());
      List<String> cmd = AgentCommandLine.of(ClaudeCodeAdapter.create(), request);
      out.println("Agent command line (prompt on stdin, in " + shown + "):");
      String line = String.join(" ", cmd.stream().map(ValidateCommand::quote).toList());
      out.println("  " + (temporary ? line.replace(target.toString(), "<run>") : line));
      if (!temporary) {
        out.println("Written to " + target);
      }
    } finally {
      if (temporary) {
        deleteTree(target);
      }
    }
  }

  private static String quote(String arg) {
    return arg.matches("[A-Za-z0-9_./:=,@+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }

  private static boolean isEmptyDir(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.findAny().isEmpty();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
