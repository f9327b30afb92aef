package dev.scylla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ScyllaCliTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = ScyllaCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void version_printsTheBuildVersionAndJava() {
    int code = run("--version");

    assertThat(code).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .startsWith("Scylla ")
        .doesNotContain("unknown", "${project.version}");
    assertThat(out.toString()).contains("Java " + System.getProperty("java.version"));
  }

  @Test
  void help_documentsEveryExitCode() {
    int code = run("--help");

    assertThat(code).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("Exit codes:");
    for (int exit : new int[] {0, 1, 2, 3, 4, 130}) {
      assertThat(out.toString()).containsPattern("(?m)^\\s+" + exit + "\\s+\\S");
    }
  }

  @Test
  void unknownOption_isAUsageError() {
    int code = run("--no-such-option");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--no-such-option");
  }
}
