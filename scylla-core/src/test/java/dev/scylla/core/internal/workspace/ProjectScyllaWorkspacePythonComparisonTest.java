package dev.scylla.core.internal.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureLoader;
import dev.scylla.core.fixture.FixtureLoaderTest;
import dev.scylla.core.fixture.SubTestSpec;
import dev.scylla.core.internal.Git;
import dev.scylla.core.model.TierId;
import dev.scylla.core.testing.UsesGit;
import dev.scylla.core.testing.UsesPython3;
import dev.scylla.core.workspace.TaskRepository;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs ProjectScylla's own workspace code (its {@code TierManager}, from the reference copy in
 * {@code ../shared}) with python3 on test-001 and compares, for every sub-test of T0 to T4 and T6,
 * the CLAUDE.md and every file under {@code .claude/} byte for byte (and its executable bit) with
 * what Scylla prepares. Needs python3 with yaml and pydantic; outside CI it is skipped without
 * them, under {@code CI=true} it fails.
 */
@UsesPython3
@UsesGit
class ProjectScyllaWorkspacePythonComparisonTest {
  static final Path TEST_001 = FixtureLoaderTest.REFERENCE.resolve("fixtures/tests/test-001");
  static final Path SOURCE = FixtureLoaderTest.REFERENCE.resolve("../reference/2c7daf68/src");
  static final List<TierId> TIERS =
      List.of(TierId.T0, TierId.T1, TierId.T2, TierId.T3, TierId.T4, TierId.T6);

  @TempDir Path tmp;

  /** The interpreter that imports yaml and pydantic, or null. */
  private static String python;

  @Test
  void workspaces_ofT0ToT4AndT6_matchProjectScyllasByteForByte() throws Exception {
    requirePrerequisites();
    Path theirs = tmp.resolve("projectscylla");
    try {
      runProjectScylla(theirs);
      compareWith(theirs);
    } finally {
      removeLinks(theirs);
    }
  }

  private void compareWith(Path theirs) throws Exception {
    Fixture fixture = FixtureLoader.load(TEST_001);
    Path src = Files.createDirectories(tmp.resolve("task"));
    Git.run(src, "init", "-q");
    Files.writeString(src.resolve("README.md"), "task\n");
    Git.run(src, "add", "-A");
    Git.run(src, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "init");
    TaskRepository repo = TaskRepository.open(src.toString(), null, tmp, tmp.resolve("clone"));

    int compared = 0;
    List<String> differences = new ArrayList<>();
    for (TierId tier : TIERS) {
      for (SubTestSpec spec : fixture.subTests(tier)) {
        Path run = tmp.resolve("scylla").resolve(tier.name()).resolve(spec.id());
        Path ws = repo.addWorktree(run.resolve("workspace"));
        WorkspacePreparer.prepare(ws, spec, null, run, p -> true);
        Map<String, String> ours = configurationFiles(ws);
        Map<String, String> expected =
            configurationFiles(theirs.resolve(tier.name()).resolve(spec.id()));
        if (!ours.equals(expected)) {
          differences.add(spec.key() + ": " + describe(expected, ours));
        }
        compared++;
      }
    }

    long t003 = Files.size(tmp.resolve("scylla/T0/03/workspace/CLAUDE.md"));
    System.out.printf(
        "compared %d sub-tests with ProjectScylla's workspaces; T0/03 CLAUDE.md is %,d bytes%n",
        compared, t003);
    assertThat(differences).isEmpty();
    assertThat(compared).isEqualTo(24 + 10 + 15 + 41 + 7 + 1);
    assertThat(t003).isEqualTo(55_455);
  }

  /**
   * ProjectScylla links skills and agents; the links go first so clean-up stays in the temp dir.
   */
  private static void removeLinks(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isSymbolicLink).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void requirePrerequisites() {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    String missing = null;
    if (!Files.isDirectory(SOURCE.resolve("scylla/e2e"))) {
      missing = "ProjectScylla's source at " + SOURCE.normalize();
    } else {
      // The first interpreter that has ProjectScylla's two dependencies: the one on the PATH
      // (often a version manager's) before the system one.
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

  private void runProjectScylla(Path out) throws Exception {
    Path script = tmp.resolve("prepare_workspaces.py");
    try (InputStream in =
        Objects.requireNonNull(
            getClass().getResourceAsStream("/projectscylla/prepare_workspaces.py"))) {
      Files.write(script, in.readAllBytes());
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(python);
    cmd.add(script.toString());
    cmd.add(SOURCE.normalize().toString());
    cmd.add(TEST_001.toString());
    cmd.add(out.toString());
    TIERS.forEach(t -> cmd.add(t.name()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    // The reference copy is read-only: no __pycache__ beside its sources.
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("ProjectScylla's code finished").isTrue();
    assertThat(p.exitValue()).as("ProjectScylla's code failed:\n" + output).isZero();
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
      try (Stream<Path> walk = Files.walk(dotClaude, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
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
