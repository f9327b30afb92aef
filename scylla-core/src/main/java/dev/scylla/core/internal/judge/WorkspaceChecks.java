package dev.scylla.core.internal.judge;

import dev.scylla.core.agent.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The automatic checks of a fixture language, each bounded by a timeout; a missing tool is N/A.
 * Python: {@code python3 -m compileall} when the agent created or changed a {@code .py} file, each
 * created or changed top-level script run, and {@code pytest} when the workspace has tests. Byte
 * code goes to a private cache so the checks leave no {@code __pycache__} for the judge to count
 * against the agent.
 */
public final class WorkspaceChecks {
  static final int MAX_OUTPUT = 4000;

  private final Duration timeout;
  private final String python;

  /** Checks each bounded by {@code timeout}, run with {@code python3} from the PATH. */
  public WorkspaceChecks(Duration timeout) {
    this(timeout, "python3");
  }

  /** Checks each bounded by {@code timeout}, run with the given Python interpreter. */
  public WorkspaceChecks(Duration timeout, String python) {
    this.timeout = timeout;
    this.python = python;
  }

  /**
   * Runs the checks of {@code language} in {@code workspace}; {@code changedFiles} are the paths
   * (relative) the agent created or modified; {@code scratch} holds logs and caches.
   */
  public List<CheckResult> run(
      String language, Path workspace, List<String> changedFiles, Path scratch)
      throws InterruptedException {
    List<CheckResult> results = new ArrayList<>();
    if (language == null || !language.toLowerCase(Locale.ROOT).startsWith("python")) {
      results.add(
          new CheckResult(
              "language checks", "N/A", "no automatic checks for language " + language));
      return results;
    }
    Map<String, String> env =
        Map.of(
            "PYTHONPYCACHEPREFIX",
            scratch.resolve("pycache").toAbsolutePath().toString(),
            "PYTHONDONTWRITEBYTECODE",
            "1");
    if (changedFiles.stream().anyMatch(f -> f.endsWith(".py"))) {
      results.add(
          exec(
              "python3 -m compileall",
              List.of(python, "-m", "compileall", "-q", "."),
              workspace,
              env,
              scratch));
    } else {
      // The agent changed no Python file: compiling the untouched task would say nothing of it.
      results.add(
          new CheckResult("python3 -m compileall", "N/A", "the agent changed no Python file"));
    }
    for (String file : changedFiles) {
      if (file.endsWith(".py")
          && !file.contains("/")
          && !file.startsWith("test_")
          && !file.endsWith("_test.py")
          && Files.isRegularFile(workspace.resolve(file))) {
        results.add(exec("python3 " + file, List.of(python, file), workspace, env, scratch));
      }
    }
    if (hasTests(workspace)) {
      CheckResult pytest =
          exec("pytest", List.of(python, "-m", "pytest", "-q"), workspace, env, scratch);
      if (pytest.output().contains("No module named pytest")) {
        pytest = new CheckResult("pytest", "N/A", "pytest is not installed");
      }
      results.add(pytest);
    } else {
      results.add(new CheckResult("pytest", "N/A", "the workspace has no tests"));
    }
    return results;
  }

  private static boolean hasTests(Path workspace) {
    try (var walk = Files.walk(workspace, 3)) {
      return walk.filter(p -> !p.toString().contains("/.git/"))
          .map(p -> p.getFileName().toString())
          .anyMatch(n -> (n.startsWith("test_") && n.endsWith(".py")) || n.endsWith("_test.py"));
    } catch (IOException e) {
      return false;
    }
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
