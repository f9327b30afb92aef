package dev.scylla.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scylla.core.agent.AgentCommandLine;
import dev.scylla.core.agent.AgentRequest;
import dev.scylla.core.agent.ClaudeCodeAdapter;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureLoader;
import dev.scylla.core.fixture.FixtureLoaderTest;
import dev.scylla.core.fixture.SubTestSpec;
import dev.scylla.core.internal.Git;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.internal.workspace.PreparedWorkspace;
import dev.scylla.core.internal.workspace.WorkspacePreparer;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.ThinkingMode;
import dev.scylla.core.model.TierId;
import dev.scylla.core.results.ResultsLayout;
import dev.scylla.core.testing.UsesGit;
import dev.scylla.core.testing.UsesPython3;
import dev.scylla.core.workspace.TaskPrompt;
import dev.scylla.core.workspace.TaskRepository;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs ProjectScylla's main branch itself ({@code manage_experiment.py run ... --until
 * replay_generated}, once per tier, from the reference copy in {@code ../shared}) on its test-001
 * and compares, for every sub-test of T0 to T4 and T6, what its run would give the agent with what
 * Scylla prepares: CLAUDE.md and every file under {@code .claude/} (bytes and executable bit, the
 * settings included), {@code task_prompt.md}, the agent's prompt, and the options of the agent's
 * command line that are not housekeeping. The task repository has a CLAUDE.md and a {@code
 * .claude/} of its own. Stand-ins replace only the model check, the rate-limit ping and the build
 * pipeline (see {@code run_main_until_replay.py}); main clones a local repository. Needs python3
 * with yaml and pydantic; outside CI it is skipped without them, under {@code CI=true} it fails.
 */
@UsesPython3
@UsesGit
class MainLayoutWorkspacePythonComparisonTest {
  static final Path REFERENCE = FixtureLoaderTest.REFERENCE.resolve("..").normalize();
  static final Path MAIN_TESTS = REFERENCE.resolve("main/tests");
  static final Path MAIN_SOURCE = REFERENCE.resolve("reference/main");
  static final Path STUBS = REFERENCE.resolve("reference/main-stubs");
  static final List<TierId> TIERS =
      List.of(TierId.T0, TierId.T1, TierId.T2, TierId.T3, TierId.T4, TierId.T6);

  /**
   * The options that say what the agent is and may do; the rest ({@code --print}, the output
   * format, {@code --verbose}, {@code --dangerously-skip-permissions}) is how each side drives the
   * CLI, and {@code --tools}/{@code --mcp-config} are Scylla's documented additions.
   */
  static final Set<String> COMPARED_OPTIONS =
      Set.of(
          "--model",
          "--system-prompt",
          "--agent",
          "--allowedTools",
          "--disallowedTools",
          "--max-turns",
          "--append-system-prompt",
          "--settings");

  @TempDir Path tmp;

  private static String python;

  @Test
  @Timeout(600)
  void everySubTestOfT0ToT4AndT6_isPreparedAndPromptedAsMainPreparesIt() throws Exception {
    requirePrerequisites();
    try {
      compareAll();
    } finally {
      removeLinks(tmp);
    }
  }

  /** Main links skills and agents; the links go first so clean-up stays in the temp dir. */
  private static void removeLinks(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isSymbolicLink).toList()) {
        Files.delete(p);
      }
    }
  }

  private void compareAll() throws Exception {
    Path repo = taskRepository();
    String commit = Git.head(repo);
    Path checkout = checkout();
    Map<TierId, Path> theirs = new LinkedHashMap<>();
    for (TierId tier : TIERS) {
      theirs.put(tier, runMain(checkout, repo, commit, tier, ThinkingMode.NONE));
    }
    // One tier again with thinking on: the settings and the agent's prompt change with it.
    Path thinking = runMain(checkout, repo, commit, TierId.T2, ThinkingMode.HIGH);

    Fixture fixture = FixtureLoader.load(MAIN_TESTS.resolve("fixtures/tests/test-001"));
    TaskRepository task = TaskRepository.open(repo.toString(), commit, tmp, tmp.resolve("clone"));
    List<String> differences = new ArrayList<>();
    int compared = 0;
    for (TierId tier : TIERS) {
      for (SubTestSpec spec : fixture.subTests(tier)) {
        compare(fixture, task, spec, ThinkingMode.NONE, theirs.get(tier), differences);
        compared++;
      }
    }
    for (SubTestSpec spec : fixture.subTests(TierId.T2)) {
      compare(fixture, task, spec, ThinkingMode.HIGH, thinking, differences);
    }
    long t003 = Files.size(tmp.resolve("scylla/None/T0/03/workspace/CLAUDE.md"));
    System.out.printf(
        "compared %d sub-tests (and T2 with thinking High) with ProjectScylla main's runs;"
            + " T0/03 CLAUDE.md is %,d bytes%n",
        compared, t003);
    assertThat(differences).isEmpty();
    assertThat(compared).isEqualTo(24 + 10 + 15 + 41 + 14 + 1);
  }

  private void compare(
      Fixture fixture,
      TaskRepository task,
      SubTestSpec spec,
      ThinkingMode thinking,
      Path theirResults,
      List<String> differences)
      throws Exception {
    Path theirRun = runDir(theirResults, spec);
    ExperimentConfig config = config(fixture, thinking);
    ResultsLayout.Run files =
        new ResultsLayout.Run(
            tmp.resolve("scylla")
                .resolve(thinking.label())
                .resolve(spec.tier().name())
                .resolve(spec.id()));
    task.addWorktree(files.workspace());
    PreparedWorkspace prepared =
        WorkspacePreparer.prepare(files.workspace(), spec, null, files.dir(), thinking, p -> true);
    String where = spec.key() + (thinking.enabled() ? " (thinking " + thinking + ")" : "");

    Map<String, String> ours = configurationFiles(files.workspace());
    Map<String, String> expected = configurationFiles(theirRun.resolve("workspace"));
    if (!ours.equals(expected)) {
      differences.add(where + ": " + describe(expected, ours));
    }
    if (!TaskPrompt.of(fixture.prompt(), spec)
        .equals(Files.readString(theirRun.resolve("task_prompt.md")))) {
      differences.add(where + ": task_prompt.md differs");
    }
    AgentRequest request = RunExecutor.agentRequest(fixture, config, spec, 1, prepared, files);
    if (!request.prompt().equals(Files.readString(theirRun.resolve("agent/prompt.md")))) {
      differences.add(where + ": the agent's prompt differs");
    }
    Map<String, List<String>> ourOptions =
        options(AgentCommandLine.of(ClaudeCodeAdapter.create(), request));
    Map<String, List<String>> theirOptions = options(theirCommand(theirRun));
    if (!ourOptions.equals(theirOptions)) {
      differences.add(where + ": agent options " + ourOptions + " but main " + theirOptions);
    }
  }

  private static ExperimentConfig config(Fixture fixture, ThinkingMode thinking) {
    return new ExperimentConfig(
        "cmp",
        "repo",
        null,
        fixture.promptFile().toString(),
        null,
        List.of(ExperimentConfig.DEFAULT_MODEL),
        1,
        List.of(TierId.T0),
        List.of(ExperimentConfig.DEFAULT_JUDGE_MODEL),
        1,
        60,
        null,
        null,
        null,
        null,
        null,
        thinking);
  }

  /** The compared options and their values, in order of appearance, each option once. */
  private static Map<String, List<String>> options(List<String> cmd) {
    Map<String, List<String>> options = new TreeMap<>();
    for (int i = 1; i < cmd.size(); i++) {
      String arg = cmd.get(i);
      if (COMPARED_OPTIONS.contains(arg)) {
        options
            .computeIfAbsent(arg, k -> new ArrayList<>())
            .add(i + 1 < cmd.size() ? cmd.get(i + 1) : "");
      }
    }
    return options;
  }

  private static List<String> theirCommand(Path run) throws IOException {
    JsonNode log = ScyllaJson.mapper().readTree(run.resolve("agent/command_log.json").toFile());
    List<String> cmd = new ArrayList<>();
    log.path("commands").get(0).path("command").forEach(a -> cmd.add(a.asText()));
    return cmd;
  }

  private static Path runDir(Path results, SubTestSpec spec) throws IOException {
    String suffix = "/" + spec.tier().name() + "/" + spec.id() + "/run_01";
    try (Stream<Path> walk = Files.walk(results)) {
      return walk.filter(p -> p.toString().endsWith(suffix) && Files.isDirectory(p))
          .filter(p -> Files.isRegularFile(p.resolve("agent/command_log.json")))
          .findFirst()
          .orElseThrow(() -> new AssertionError("main prepared no run for " + spec.key()));
    }
  }

  /**
   * A task repository with a CLAUDE.md, a settings file, an agent and an executable script of its
   * own, so that what each side does to them is compared too.
   */
  private Path taskRepository() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("task"));
    Git.run(src, "init", "-q");
    Files.writeString(src.resolve("README.md"), "task\n");
    Files.writeString(src.resolve("CLAUDE.md"), "# The repository's own instructions\n");
    Files.createDirectories(src.resolve(".claude/agents"));
    Files.writeString(src.resolve(".claude/settings.json"), "{\"model\": \"x\"}\n");
    Files.writeString(src.resolve(".claude/agents/own-reviewer.md"), "# own reviewer\n");
    Path script = src.resolve(".claude/check.sh");
    Files.writeString(script, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Git.run(src, "add", "-A");
    Git.run(src, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "init");
    return src;
  }

  /**
   * A ProjectScylla checkout made of links into the reference copy: main finds its shared folder
   * and tiers.yaml relative to its own sources, as in a clone of the project.
   */
  private Path checkout() throws IOException {
    Path checkout = Files.createDirectories(tmp.resolve("projectscylla"));
    Files.createSymbolicLink(checkout.resolve("src"), MAIN_SOURCE.resolve("src"));
    Files.createSymbolicLink(checkout.resolve("scripts"), MAIN_SOURCE.resolve("scripts"));
    Files.createSymbolicLink(checkout.resolve("config"), MAIN_SOURCE.resolve("config"));
    Files.createSymbolicLink(checkout.resolve("tests"), MAIN_TESTS);
    return checkout;
  }

  private Path runMain(Path checkout, Path repo, String commit, TierId tier, ThinkingMode thinking)
      throws Exception {
    Path script = tmp.resolve("run_main_until_replay.py");
    if (!Files.exists(script)) {
      try (InputStream in =
          Objects.requireNonNull(
              getClass().getResourceAsStream("/projectscylla/run_main_until_replay.py"))) {
        Files.write(script, in.readAllBytes());
      }
    }
    Path results = tmp.resolve("main-results").resolve(thinking.label()).resolve(tier.name());
    List<String> cmd =
        List.of(
            python,
            script.toString(),
            STUBS.toString(),
            checkout.toString(),
            "run",
            "--config",
            checkout.resolve("tests/fixtures/tests/test-001").toString(),
            "--repo",
            repo.toString(),
            "--commit",
            commit,
            "--tiers",
            tier.name(),
            "--runs",
            "1",
            "--thinking",
            thinking.label(),
            "--until",
            "replay_generated",
            "--results-dir",
            results.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(tmp.toFile());
    // The reference copy is read-only: no __pycache__ beside its sources.
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("ProjectScylla main finished").isTrue();
    assertThat(p.exitValue()).as("ProjectScylla main failed:\n" + tail(output)).isZero();
    return results;
  }

  private static String tail(String output) {
    return output.length() > 4000 ? output.substring(output.length() - 4000) : output;
  }

  private static void requirePrerequisites() {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    String missing = null;
    if (!Files.isRegularFile(MAIN_SOURCE.resolve("scripts/manage_experiment.py"))
        || !Files.isDirectory(STUBS)) {
      missing = "ProjectScylla main's source and stand-ins at " + MAIN_SOURCE;
    } else {
      for (String candidate : List.of("python3", "/usr/bin/python3")) {
        if (python == null && pythonWithModules(candidate)) {
          python = candidate;
        }
      }
      if (python == null) {
        missing = "python3 with the yaml and pydantic modules";
      }
    }
    if (missing == null) {
      return;
    }
    if (ci) {
      fail("this comparison needs " + missing + " (it does not skip under CI=true)");
    }
    Assumptions.abort("skipped: needs " + missing);
  }

  private static boolean pythonWithModules(String candidate) {
    try {
      Process p =
          new ProcessBuilder(candidate, "-c", "import yaml, pydantic")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * CLAUDE.md and every file under {@code .claude/} (links followed): relative path to the SHA-256
   * of its bytes, with "+x" when executable.
   */
  static Map<String, String> configurationFiles(Path ws) throws IOException {
    Map<String, String> files = new TreeMap<>();
    Path claudeMd = ws.resolve("CLAUDE.md");
    if (Files.isRegularFile(claudeMd)) {
      files.put("CLAUDE.md", fingerprint(claudeMd));
    }
    Path dotClaude = ws.resolve(".claude");
    if (Files.isDirectory(dotClaude)) {
      try (Stream<Path> walk = Files.walk(dotClaude, FileVisitOption.FOLLOW_LINKS)) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          if (Files.isRegularFile(p)) {
            files.put(ws.relativize(p).toString(), fingerprint(p));
          }
        }
      }
    }
    return files;
  }

  private static String fingerprint(Path file) throws IOException {
    String hash =
        com.google.common.hash.Hashing.sha256().hashBytes(Files.readAllBytes(file)).toString();
    return hash + (Files.isExecutable(file) ? " +x" : "");
  }

  private static String describe(Map<String, String> expected, Map<String, String> ours) {
    List<String> parts = new ArrayList<>();
    for (String k : expected.keySet()) {
      if (!ours.containsKey(k)) {
        parts.add("missing " + k);
      } else if (!ours.get(k).equals(expected.get(k))) {
        parts.add("differs " + k);
      }
    }
    for (String k : ours.keySet()) {
      if (!expected.containsKey(k)) {
        parts.add("extra " + k);
      }
    }
    return parts.size() > 5
        ? String.join(", ", parts.subList(0, 5)) + " and " + (parts.size() - 5) + " more"
        : String.join(", ", parts);
  }
}
