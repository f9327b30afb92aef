package dev.scylla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.api.ExitCodes;
import dev.scylla.cli.e2e.Host;
import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentAdapters;
import dev.scylla.core.config.ExperimentConfigs;
import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.engine.ExperimentRunner;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureLoader;
import dev.scylla.core.model.ExperimentConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code scylla report} on the results of an offline experiment. */
class ReportCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = ScyllaCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path experiment() throws Exception {
    return experiment(dir);
  }

  private Path experiment(Path base) throws Exception {
    Path fixtureDir = base.resolve("hello-world");
    Host.copyTree(Path.of("..", "examples", "hello-world"), fixtureDir);
    Fixture fixture = FixtureLoader.load(fixtureDir);
    ExperimentConfig config =
        ExperimentConfigs.resolve(
            fixture,
            Optional.empty(),
            ExperimentConfig.Overrides.builder().runsPerSubtest(1).build());
    AgentAdapter scripted = AgentAdapters.fromSpec("scripted:scripted-agent.yaml", fixtureDir);
    ExperimentOutcome outcome =
        ExperimentRunner.builder()
            .fixture(fixture)
            .config(config)
            .resultsRoot(base.resolve("results"))
            .agent(scripted)
            .judge(scripted)
            .build()
            .run();
    return outcome.experimentDir();
  }

  @Test
  void report_markdown_printsTheSummaryOnceThenTheTierTable() throws Exception {
    Path experiment = experiment();

    int code = run("report", experiment.toString());

    assertThat(code).as(err.toString()).isZero();
    String text = out.toString();
    assertThat(text).containsOnlyOnce("Best Tier: T0").containsOnlyOnce("Frontier CoP: $0.0250");
    assertThat(text).contains("| T0 | Prompts | PASS | 00 |");
  }

  @Test
  void report_json_isOneDocumentWithTheSummaryLines() throws Exception {
    Path experiment = experiment();

    int code = run("report", experiment.toString(), "--format", "json");

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString().strip()).startsWith("{").endsWith("}");
    assertThat(out.toString())
        .contains("\"best_overall_tier\" : \"T0\"")
        .contains("T0: PASS (score: 0.920, cost: $0.0250)");
  }

  @Test
  void report_csv_printsOnlyTheRunRowsOnStdout() throws Exception {
    Path experiment = experiment();

    int code = run("report", experiment.toString(), "--format", "csv");

    assertThat(code).as(err.toString()).isZero();
    String[] lines = out.toString().split("\r\n", -1);
    assertThat(lines[0]).startsWith("tier,subtest,run,score,passed,grade,cost_usd,");
    // Two sub-tests with one run each, then the empty string after the last CRLF.
    assertThat(lines).hasSize(4);
    assertThat(lines[1]).startsWith("T0,00,1,0.92,true,A,0.025,1200,150,9000,3000,");
    assertThat(lines[3]).isEmpty();
    assertThat(Files.readString(experiment.resolve("runs.csv"))).isEqualTo(out.toString());
  }

  @Test
  void report_output_writesTheFileAndNothingOnStdout() throws Exception {
    Path experiment = experiment();
    Path file = dir.resolve("out/report.json");

    int code =
        run("report", experiment.toString(), "--format", "json", "--output", file.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).isEmpty();
    assertThat(Files.readString(file)).contains("\"best_overall_tier\" : \"T0\"");
  }

  @Test
  void report_html_isTheSelfContainedReportTheRunWrote() throws Exception {
    Path experiment = experiment();

    int code = run("report", experiment.toString(), "--format", "html");

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("<!DOCTYPE html>").contains("<h1>Experiment hello-world");
    String written = Files.readString(experiment.resolve("report.html"));
    // The same report but for the status line: the run wrote it before its checkpoint said so.
    assertThat(written).startsWith("<!DOCTYPE html>").contains("id=\"report-data\"");
    assertThat(out.toString()).contains("Status: completed");
  }

  @Test
  void report_twoFolders_comparesThemSideBySide() throws Exception {
    Path first = experiment(dir.resolve("one"));
    Path second = experiment(dir.resolve("two"));

    int code = run("report", first.toString(), second.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .startsWith("# Comparison of 2 experiments")
        .contains("## T0 (Prompts)")
        .contains("| " + first.getFileName() + " | 00 (1/1 passed) | 0.920 |")
        .contains("| baseline |")
        .contains("p = 1.000, not significant |");
  }

  @Test
  void report_twoFoldersAsCsv_isAUsageError() throws Exception {
    Path first = experiment();

    int code = run("report", first.toString(), first.toString(), "--format", "csv");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--format md or html");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void report_notAResultsFolder_isAUsageError() {
    int code = run("report", dir.resolve("nothing-here").toString());

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).startsWith("scylla: ").contains("results folder");
  }
}
