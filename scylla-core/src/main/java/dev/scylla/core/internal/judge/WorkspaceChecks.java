package dev.scylla.core.internal.judge;

import dev.scylla.core.agent.ProcessRunner;
import dev.scylla.core.internal.Git;
import dev.scylla.core.internal.Git.GitException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The automatic checks of a fixture language, each bounded by a timeout, as ProjectScylla runs them
 * for its judge. Python: {@code python3 -m compileall} when the agent created or changed a {@code
 * .py} file, each created or changed top-level script run, {@code ruff check .}, {@code pytest -v}
 * (exit 5, no tests collected, is N/A) and {@code pre-commit run --all-files} when the workspace
 * has a {@code .pre-commit-config.yaml}. Mojo: {@code mojo build .}, {@code mojo format --check .},
 * {@code mojo test} and the same pre-commit check. A check whose tool is not installed is N/A with
 * that reason. Byte code goes to a private cache so the checks leave no {@code __pycache__} for the
 * judge to count against the agent. The same checks run once per experiment on a clean checkout of
 * the task commit ({@link #runBeforeAgent}), so that a judge can tell a failure the agent caused
 * from one that was already there.
 */
public final class WorkspaceChecks {
  static final int MAX_OUTPUT = 4000;
  static final String LANGUAGE = "language checks";
  static final String COMPILE = "python3 -m compileall";
  static final String RUFF = "ruff check .";
  static final String PYTEST = "pytest";
  static final String MOJO_BUILD = "mojo build";
  static final String MOJO_FORMAT = "mojo format";
  static final String MOJO_TEST = "mojo test";
  static final String PRE_COMMIT = "pre-commit";
  private static final String PRE_COMMIT_CONFIG = ".pre-commit-config.yaml";

  private final Duration timeout;
  private final String python;
  private final List<Path> path;

  /** Checks each bounded by {@code timeout}, run with {@code python3} from the PATH. */
  public WorkspaceChecks(Duration timeout) {
    this(timeout, "python3");
  }

  /** Checks each bounded by {@code timeout}, run with the given Python interpreter. */
  public WorkspaceChecks(Duration timeout, String python) {
    this(timeout, python, System.getenv().getOrDefault("PATH", ""));
  }

  /**
   * Checks each bounded by {@code timeout}, run with the given Python interpreter, finding the
   * other tools ({@code ruff}, {@code pytest}, {@code pre-commit}, {@code mojo}) on {@code
   * searchPath} (a PATH value).
   */
  public WorkspaceChecks(Duration timeout, String python, String searchPath) {
    this.timeout = timeout;
    this.python = python;
    List<Path> dirs = new ArrayList<>();
    for (String dir : searchPath.split(java.io.File.pathSeparator)) {
      if (!dir.isBlank()) {
        dirs.add(Path.of(dir));
      }
    }
    this.path = List.copyOf(dirs);
  }

  /**
   * Runs the checks of {@code language} in {@code workspace}; {@code changedFiles} are the paths
   * (relative) the agent created or modified; {@code scratch} holds logs and caches.
   */
  public List<CheckResult> run(
      String language, Path workspace, List<String> changedFiles, Path scratch)
      throws InterruptedException {
    boolean pythonChanged = changedFiles.stream().anyMatch(f -> f.endsWith(".py"));
    List<String> scripts = new ArrayList<>();
    for (String file : changedFiles) {
      if (file.endsWith(".py")
          && !file.contains("/")
          && !file.startsWith("test_")
          && !file.endsWith("_test.py")
          && Files.isRegularFile(workspace.resolve(file))) {
        scripts.add(file);
      }
    }
    // The agent changed no Python file: compiling the untouched task would say nothing of it.
    return run(
        language,
        workspace,
        pythonChanged ? null : "the agent changed no Python file",
        scripts,
        scratch);
  }

  /**
   * Runs the same checks on {@code checkout}, a clean checkout of the task commit before any agent
   * worked on it: the baseline a judge compares the agent's checks with. Python's compilation runs
   * when the commit holds a {@code .py} file; no script is run, since the scripts checked after an
   * agent are the ones it created or changed.
   */
  public List<CheckResult> runBeforeAgent(String language, Path checkout, Path scratch)
      throws InterruptedException {
    return run(
        language,
        checkout,
        holdsPython(checkout) ? null : "the task commit has no Python file",
        List.of(),
        scratch);
  }

  private List<CheckResult> run(
      String language, Path workspace, String noCompile, List<String> scripts, Path scratch)
      throws InterruptedException {
    String lang = language == null ? "" : language.toLowerCase(Locale.ROOT);
    Map<String, String> env =
        Map.of(
            "PYTHONPYCACHEPREFIX",
            scratch.resolve("pycache").toAbsolutePath().toString(),
            "PYTHONDONTWRITEBYTECODE",
            "1");
    List<CheckResult> results = new ArrayList<>();
    if (lang.startsWith("python")) {
      python(workspace, noCompile, scripts, scratch, env, results);
    } else if (lang.startsWith("mojo")) {
      mojo(workspace, scratch, env, results);
    } else {
      results.add(new CheckResult(LANGUAGE, "N/A", "no automatic checks for language " + language));
      return results;
    }
    results.add(preCommit(workspace, scratch, env));
    return results;
  }

  private static boolean holdsPython(Path checkout) throws InterruptedException {
    try {
      return !Git.run(checkout, "ls-files", "--", "*.py").isBlank();
    } catch (GitException e) {
      return true; // not a checkout git can read: let compileall say what it finds
    }
  }

  private void python(
      Path workspace,
      String noCompile,
      List<String> scripts,
      Path scratch,
      Map<String, String> env,
      List<CheckResult> results)
      throws InterruptedException {
    if (noCompile == null) {
      results.add(
          exec(COMPILE, List.of(python, "-m", "compileall", "-q", "."), workspace, env, scratch));
    } else {
      results.add(new CheckResult(COMPILE, "N/A", noCompile));
    }
    for (String file : scripts) {
      results.add(exec("python3 " + file, List.of(python, file), workspace, env, scratch));
    }
    results.add(tool(RUFF, "ruff", List.of("check", "."), workspace, env, scratch));
    results.add(pytest(workspace, env, scratch));
  }

  private CheckResult pytest(Path workspace, Map<String, String> env, Path scratch)
      throws InterruptedException {
    CheckResult pytest;
    Optional<Path> binary = find("pytest");
    if (binary.isPresent()) {
      pytest = exec(PYTEST, List.of(binary.get().toString(), "-v"), workspace, env, scratch);
    } else {
      pytest = exec(PYTEST, List.of(python, "-m", "pytest", "-v"), workspace, env, scratch);
      if (pytest.output().contains("No module named pytest")) {
        return new CheckResult(PYTEST, "N/A", "pytest is not installed");
      }
    }
    if (pytest.status().equals("FAIL (exit 5)")) {
      return new CheckResult(PYTEST, "N/A", "no tests collected (exit 5)");
    }
    return pytest;
  }

  private void mojo(
      Path workspace, Path scratch, Map<String, String> env, List<CheckResult> results)
      throws InterruptedException {
    results.add(tool(MOJO_BUILD, "mojo", List.of("build", "."), workspace, env, scratch));
    results.add(
        tool(MOJO_FORMAT, "mojo", List.of("format", "--check", "."), workspace, env, scratch));
    CheckResult test = tool(MOJO_TEST, "mojo", List.of("test"), workspace, env, scratch);
    if (test.status().equals("FAIL (exit 5)") || test.output().contains("No tests found")) {
      test = new CheckResult(MOJO_TEST, "N/A", "no tests found");
    }
    results.add(test);
  }

  private CheckResult preCommit(Path workspace, Path scratch, Map<String, String> env)
      throws InterruptedException {
    if (!Files.isRegularFile(workspace.resolve(PRE_COMMIT_CONFIG))) {
      return new CheckResult(PRE_COMMIT, "N/A", "the workspace has no " + PRE_COMMIT_CONFIG);
    }
    return tool(PRE_COMMIT, "pre-commit", List.of("run", "--all-files"), workspace, env, scratch);
  }

  /** Runs a tool found on the search path, or N/A naming the missing tool. */
  private CheckResult tool(
      String name,
      String binary,
      List<String> args,
      Path workspace,
      Map<String, String> env,
      Path scratch)
      throws InterruptedException {
    Optional<Path> found = find(binary);
    if (found.isEmpty()) {
      return new CheckResult(
          name, "N/A", binary + " is not installed (add it with a base image of your own)");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(found.get().toString());
    cmd.addAll(args);
    return exec(name, cmd, workspace, env, scratch);
  }

  private Optional<Path> find(String binary) {
    for (Path dir : path) {
      Path candidate = dir.resolve(binary);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private CheckResult exec(
      String name, List<String> cmd, Path workspace, Map<String, String> env, Path scratch)
      throws InterruptedException {
    try {
      Files.createDirectories(scratch);
      String slug = name.replaceAll("[^A-Za-z0-9]+", "_");
      ProcessRunner.Result r =
          ProcessRunner.run(
              cmd,
              workspace,
              env,
              "",
              timeout,
              scratch.resolve(slug + ".out"),
              scratch.resolve(slug + ".err"));
      String output = bound((r.stdout() + r.stderr()).strip());
      if (r.timedOut()) {
        return new CheckResult(name, "TIMEOUT", "killed after " + timeout.toSeconds() + "s");
      }
      return new CheckResult(
          name, r.exitCode() == 0 ? "PASS" : "FAIL (exit " + r.exitCode() + ")", output);
    } catch (IOException e) {
      return new CheckResult(name, "N/A", "cannot run " + cmd.get(0) + ": " + e.getMessage());
    }
  }

  static String bound(String s) {
    return s.length() <= MAX_OUTPUT ? s : s.substring(0, MAX_OUTPUT) + "\n[... truncated]";
  }
}
