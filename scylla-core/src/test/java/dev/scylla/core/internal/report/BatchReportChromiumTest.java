package dev.scylla.core.internal.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentAdapters;
import dev.scylla.core.engine.BatchResult;
import dev.scylla.core.engine.BatchRunner;
import dev.scylla.core.engine.BatchTest;
import dev.scylla.core.engine.BatchTestResult;
import dev.scylla.core.engine.ExperimentRunner;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureException;
import dev.scylla.core.testing.TestFixtures;
import dev.scylla.core.testing.UsesGit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batch_report.html} of a batch of two hello-world experiments and a skipped test, loaded in
 * a real headless Chromium: the matrix has a coloured cell per test and tier that opens that test's
 * own report, the skipped test says why, and the suite's frontier is marked. Skipped without
 * Chromium, except under {@code CI=true}, where it fails.
 */
@Tag("chromium")
@UsesGit
class BatchReportChromiumTest {

  @TempDir static Path tmp;
  private static Path chromium;
  private static BatchResult batch;

  @BeforeAll
  static void runBatch() {
    chromium = findChromium();
    List<BatchTest> tests =
        List.of(
            new BatchTest("hello-a", TestFixtures.EXAMPLE),
            new BatchTest("broken", tmp.resolve("missing")),
            new BatchTest("hello-b", TestFixtures.EXAMPLE));
    batch =
        BatchRunner.builder()
            .batchId("suite")
            .tests(tests)
            .settings(Map.of())
            .resultsRoot(tmp.resolve("results"))
            .parallel(2)
            .testRun(
                (test, dir, limits, listener) -> {
                  if (test.id().equals("broken")) {
                    throw new FixtureException(test.testDir(), "no such test folder");
                  }
                  Fixture fixture = TestFixtures.load(test.testDir());
                  AgentAdapter scripted =
                      AgentAdapters.fromSpec("scripted:scripted-agent.yaml", test.testDir());
                  return ExperimentRunner.builder()
                      .fixture(fixture)
                      .config(TestFixtures.config(fixture, test.id(), 1, 2, null, null))
                      .resultsRoot(dir)
                      .python(TestFixtures.PYTHON)
                      .agent(scripted)
                      .judge(scripted)
                      .listener(listener)
                      .batchLimits(limits)
                      .build()
                      .run();
                })
            .build()
            .run();
  }

  @Test
  void matrix_hasAColouredLinkedCellPerTestAndTier_andTheSuiteFrontier() throws Exception {
    String dom = dumpDom(batch.batchDir().resolve("batch_report.html").toUri().toString());

    for (BatchTestResult t : List.of(batch.tests().get(0), batch.tests().get(2))) {
      Matcher row =
          Pattern.compile("<tr data-test=\"" + t.test().id() + "\">(.*?)</tr>", Pattern.DOTALL)
              .matcher(dom);
      assertThat(row.find()).as("row of " + t.test().id()).isTrue();
      String folder = t.experimentDir().getFileName().toString();
      assertThat(row.group(1))
          .containsPattern(
              "<td class=\"cell\" data-tier=\"T0\" data-pass-rate=\"1.0000\""
                  + " style=\"background: ?(rgb\\(\\d+, \\d+, \\d+\\)|hsl\\(120[^\"]*\\));?\">")
          .contains("<a href=\"" + folder + "/report.html\">100%<br>CoP $0.0250</a>");
      // The link opens that test's own report.
      String linked =
          dumpDom(batch.batchDir().resolve(folder).resolve("report.html").toUri().toString());
      assertThat(linked).contains("hello-world").contains("T0");
    }
    assertThat(dom).containsPattern("<tr data-test=\"broken\">.*?skipped.*?no such test folder");
    assertThat(dom)
        .containsPattern("<tr class=\"frontier\"><td>T0</td><td>4</td>")
        .contains("Suite frontier: T0");
  }

  private static String dumpDom(String url) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(chromium.toString());
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    cmd.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--user-data-dir=" + tmp.resolve("chromium-profile"),
            "--virtual-time-budget=2000",
            "--dump-dom",
            url));
    Process proc = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    proc.getOutputStream().close();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!proc.waitFor(120, TimeUnit.SECONDS)) {
      proc.destroyForcibly();
      fail("chromium timed out");
    }
    assertThat(proc.exitValue()).as(out).isZero();
    return out;
  }

  private static Path findChromium() {
    for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(c))) {
        return Path.of(c);
      }
    }
    String why = "Chromium not found (Debian package chromium; .ci/run installs it as root)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(why + " (CI=true: this test must run)");
    }
    Assumptions.assumeTrue(false, why);
    return null;
  }
}
