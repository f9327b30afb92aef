package dev.scylla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.api.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code scylla rejudge}: input errors before any container (the run itself: RejudgeEndToEndIT).
 */
class RejudgeCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = ScyllaCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void rejudge_notAFolder_isAUsageError() {
    int code = run("rejudge", dir.resolve("missing").toString());

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).startsWith("scylla: ").contains("is not a directory");
  }

  @Test
  void rejudge_folderWithoutExperiment_isAUsageError() throws Exception {
    Files.createDirectories(dir.resolve("empty"));

    int code = run("rejudge", dir.resolve("empty").toString());

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("holds no experiment");
  }

  @Test
  void rejudge_helpNamesTheSelectors() {
    int code = run("rejudge", "--help");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("--tiers=TIER")
        .contains("--subtests=ID")
        .contains("--judge-model=MODEL")
        .contains("--judge=NAME[:ARG]")
        .contains("--judge-system-prompt=FILE")
        .contains("--agent-jar=JAR")
        .contains("judge_history");
  }
}
