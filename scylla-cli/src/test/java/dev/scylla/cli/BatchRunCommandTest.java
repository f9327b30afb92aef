package dev.scylla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.api.Batch;
import dev.scylla.api.BatchOutcome;
import dev.scylla.api.ExitCodes;
import dev.scylla.api.Experiment;
import dev.scylla.api.Target;
import dev.scylla.cli.e2e.Host;
import dev.scylla.core.model.TierId;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code scylla run} with several tests: what it refuses before anything is written, and {@code
 * scylla report} of a batch folder.
 */
class BatchRunCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = ScyllaCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path copy(String folder, String id) throws IOException {
    Path fixture = dir.resolve("tests").resolve(folder);
    Host.copyTree(Path.of("..", "examples", "hello-world"), fixture);
    Path yaml = fixture.resolve("test.yaml");
    Files.writeString(yaml, Files.readString(yaml).replace("\"hello-world\"", "\"" + id + "\""));
    return fixture;
  }

  /** Exit 2, one line on stderr naming what to change, and no results folder. */
  private void assertRefused(int code, String... expected) {
    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains(expected);
    assertThat(dir.resolve("results")).doesNotExist();
  }

  @Test
  void optionsOfOneTest_areRefusedWithSeveral() throws Exception {
    Path a = copy("a", "test-a");
    Path b = copy("b", "test-b");
    String results = dir.resolve("results").toString();
    for (String[] option :
        List.of(
            new String[] {"--repo", a.resolve("repo.bundle").toString()},
            new String[] {"--commit", "abc"},
            new String[] {"--prompt", a.resolve("prompt.md").toString()},
            new String[] {"--experiment-id", "x"})) {
      err.getBuffer().setLength(0);
      int code =
          run(
              "run",
              "--tiers-dir",
              a.toString(),
              "--tiers-dir",
              b.toString(),
              option[0],
              option[1],
              "--results-dir",
              results);
      assertRefused(code, option[0], "several tests");
    }
  }

  @Test
  void testsWithoutTestsDir_unknownTest_emptyDir_andSameIds_areRefused() throws Exception {
    copy("test-001", "test-001");
    copy("same", "test-001");
    String results = dir.resolve("results").toString();

    assertRefused(run("run", "--tests", "test-001", "--results-dir", results), "--tests-dir");
    err.getBuffer().setLength(0);
    assertRefused(
        run(
            "run",
            "--tests-dir",
            dir.resolve("tests").toString(),
            "--tests",
            "test-001,test-017",
            "--results-dir",
            results),
        "--tests test-017: no such test");
    err.getBuffer().setLength(0);
    Files.createDirectories(dir.resolve("empty"));
    assertRefused(
        run("run", "--tests-dir", dir.resolve("empty").toString(), "--results-dir", results),
        "holds no test");
    err.getBuffer().setLength(0);
    assertRefused(
        run("run", "--tests-dir", dir.resolve("tests").toString(), "--results-dir", results),
        "two tests have the id 'test-001'");
  }

  @Test
  void report_ofABatchFolder_makesItsFilesAgain() throws Exception {
    Path a = copy("a", "test-a");
    Path b = copy("b", "test-b");
    Experiment template =
        Experiment.builder(a)
            .tiers(TierId.T0)
            .runs(1)
            .maxSubtests(1)
            .agent("scripted:" + a.resolve("scripted-agent.yaml"))
            .resultsDir(dir.resolve("results"))
            .build();
    BatchOutcome outcome =
        Batch.builder(List.of(a, b), template)
            .id("suite")
            .parallel(2)
            .build()
            .run(Target.inProcess());
    Path batchDir = outcome.batchDir();
    for (String f : List.of("batch_summary.json", "batch_report.html", "runs.csv")) {
      Files.delete(batchDir.resolve(f));
    }

    int code = run("report", batchDir.toString(), "--format", "csv");

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("test,tier,subtest,run,score,passed,");
    assertThat(out.toString()).contains("\ntest-a,T0,00,1,").contains("\ntest-b,T0,00,1,");
    assertThat(batchDir.resolve("batch_summary.json")).isRegularFile();
    assertThat(batchDir.resolve("batch_report.html")).isRegularFile();
    out.getBuffer().setLength(0);
    assertThat(run("report", batchDir.toString())).isZero();
    assertThat(out.toString())
        .contains(
            "test-a: best tier T0, best sub-test 00, Frontier CoP $0.0250, PASS, cost $0.0250")
        .contains("Total: 2 tests, 2 passed, 0 skipped, cost $0.0500");
  }
}
