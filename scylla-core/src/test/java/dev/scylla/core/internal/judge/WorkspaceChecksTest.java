package dev.scylla.core.internal.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.core.internal.Git;
import dev.scylla.core.testing.TestFixtures;
import dev.scylla.core.testing.UsesGit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ProjectScylla's checks: which run, and when each is N/A. */
class WorkspaceChecksTest {
  @TempDir Path tmp;

  private Path tool(Path bin, String name, String script) throws Exception {
    Files.createDirectories(bin);
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private Map<String, CheckResult> run(String language, Path ws, String path, List<String> changed)
      throws Exception {
    WorkspaceChecks checks = new WorkspaceChecks(Duration.ofSeconds(20), TestFixtures.PYTHON, path);
    return checks.run(language, ws, changed, tmp.resolve("scratch")).stream()
        .collect(Collectors.toMap(CheckResult::name, Function.identity()));
  }

  @Test
  void python_withoutTools_reportsEachMissingToolAsNa() throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws"));
    Files.writeString(ws.resolve("hello.py"), "print('hi')\n");
    Path empty = Files.createDirectories(tmp.resolve("empty-bin"));

    Map<String, CheckResult> r = run("python", ws, empty.toString(), List.of("hello.py"));

    assertThat(r.get("python3 -m compileall").status()).isEqualTo("PASS");
    assertThat(r.get("python3 hello.py").status()).isEqualTo("PASS");
    assertThat(r.get("python3 hello.py").output()).isEqualTo("hi");
    assertThat(r.get("ruff check .").status()).isEqualTo("N/A");
    assertThat(r.get("ruff check .").output()).contains("ruff is not installed");
    assertThat(r.get("pre-commit").status()).isEqualTo("N/A");
    assertThat(r.get("pre-commit").output()).contains(".pre-commit-config.yaml");
    assertThat(r.get("pytest").status()).isIn("N/A", "PASS");
  }

  @Test
  void python_withTools_runsRuffPytestAndPreCommit_pytestExit5IsNa() throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws"));
    Files.writeString(ws.resolve("hello.py"), "print('hi')\n");
    Files.writeString(ws.resolve(".pre-commit-config.yaml"), "repos: []\n");
    Path bin = tmp.resolve("bin");
    tool(bin, "ruff", "echo \"ruff $*\"; echo 'hello.py:1:1: F401 unused import'; exit 1");
    tool(bin, "pytest", "echo \"collected 0 items ($*)\"; exit 5");
    tool(bin, "pre-commit", "echo \"pre-commit $*\"; exit 0");

    Map<String, CheckResult> r = run("python", ws, bin.toString(), List.of("hello.py"));

    assertThat(r.get("ruff check .").status()).isEqualTo("FAIL (exit 1)");
    assertThat(r.get("ruff check .").output()).contains("ruff check .", "F401");
    assertThat(r.get("pytest").status()).isEqualTo("N/A");
    assertThat(r.get("pytest").output()).contains("no tests collected");
    assertThat(r.get("pre-commit").status()).isEqualTo("PASS");
    assertThat(r.get("pre-commit").output()).isEqualTo("pre-commit run --all-files");
  }

  @Test
  void python_failingTestsAreAFailure() throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws"));
    Path bin = tmp.resolve("bin");
    tool(bin, "pytest", "echo \"pytest $*\"; echo '1 failed'; exit 1");

    Map<String, CheckResult> r = run("python", ws, bin.toString(), List.of());

    assertThat(r.get("pytest").status()).isEqualTo("FAIL (exit 1)");
    assertThat(r.get("pytest").output()).contains("pytest -v", "1 failed");
  }

  @Test
  void mojo_runsBuildFormatAndTest_orNaWithoutMojo() throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws"));
    Path empty = Files.createDirectories(tmp.resolve("empty-bin"));
    Map<String, CheckResult> none = run("mojo", ws, empty.toString(), List.of());
    assertThat(none.keySet()).contains("mojo build", "mojo format", "mojo test", "pre-commit");
    assertThat(none.values()).allMatch(c -> c.status().equals("N/A"));
    assertThat(none.get("mojo build").output()).contains("mojo is not installed");

    Path bin = tmp.resolve("bin");
    tool(
        bin,
        "mojo",
        "echo \"mojo $*\"; [ \"$1\" = test ] && { echo 'No tests found'; exit 1; }; exit 0");
    Map<String, CheckResult> r = run("mojo", ws, bin.toString(), List.of());
    assertThat(r.get("mojo build").status()).isEqualTo("PASS");
    assertThat(r.get("mojo build").output()).isEqualTo("mojo build .");
    assertThat(r.get("mojo format").output()).isEqualTo("mojo format --check .");
    assertThat(r.get("mojo test").status()).isEqualTo("N/A");
  }

  @Test
  void aSlowCheckIsKilledAtItsTimeout() throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws"));
    Path bin = tmp.resolve("bin");
    tool(bin, "ruff", "sleep 30");
    WorkspaceChecks checks =
        new WorkspaceChecks(Duration.ofMillis(500), TestFixtures.PYTHON, bin.toString());
    CheckResult ruff =
        checks.run("python", ws, List.of(), tmp.resolve("scratch")).stream()
            .filter(c -> c.name().equals("ruff check ."))
            .findFirst()
            .orElseThrow();
    assertThat(ruff.status()).isEqualTo("TIMEOUT");
  }

  @Test
  @UsesGit
  void beforeTheAgent_compilesACommitWithPython_runsNoScript_andTheSameTools() throws Exception {
    Path checkout = Files.createDirectories(tmp.resolve("checkout"));
    Files.writeString(checkout.resolve("app.py"), "print('side effect')\n");
    Files.writeString(checkout.resolve("test_app.py"), "def test_x():\n    assert False\n");
    Git.run(checkout, "init", "-q");
    Git.run(checkout, "add", "-A");
    Path bin = tmp.resolve("bin");
    tool(bin, "pytest", "echo 'FAILED test_app.py::test_x'; exit 1");
    WorkspaceChecks checks =
        new WorkspaceChecks(Duration.ofSeconds(20), TestFixtures.PYTHON, bin.toString());

    List<CheckResult> r = checks.runBeforeAgent("python", checkout, tmp.resolve("scratch"));

    assertThat(r)
        .extracting(CheckResult::name)
        .containsExactly("python3 -m compileall", "ruff check .", "pytest", "pre-commit");
    assertThat(r.get(0).status()).isEqualTo("PASS");
    assertThat(r.get(2).status()).isEqualTo("FAIL (exit 1)");
    assertThat(r.get(2).output()).contains("FAILED test_app.py::test_x");
    assertThat(checkout.resolve("__pycache__")).doesNotExist();
  }

  @Test
  @UsesGit
  void beforeTheAgent_aCommitWithoutPythonHasNothingToCompile() throws Exception {
    Path checkout = Files.createDirectories(tmp.resolve("checkout"));
    Files.writeString(checkout.resolve("README"), "hello\n");
    Git.run(checkout, "init", "-q");
    Git.run(checkout, "add", "-A");
    Path empty = Files.createDirectories(tmp.resolve("empty-bin"));
    WorkspaceChecks checks =
        new WorkspaceChecks(Duration.ofSeconds(20), TestFixtures.PYTHON, empty.toString());

    List<CheckResult> r = checks.runBeforeAgent("python", checkout, tmp.resolve("scratch"));

    assertThat(r.get(0).status()).isEqualTo("N/A");
    assertThat(r.get(0).output()).isEqualTo("the task commit has no Python file");
  }
}
