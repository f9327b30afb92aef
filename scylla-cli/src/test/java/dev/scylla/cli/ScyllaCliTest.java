package dev.scylla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.api.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
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
  void version_printsTheBuildVersionJavaAndImageTag() {
    int code = run("--version");

    assertThat(code).isEqualTo(ExitCodes.OK);
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).matches("Scylla \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(lines.get(1)).startsWith("Java " + System.getProperty("java.version"));
    assertThat(lines.get(2)).startsWith("Runner image ");
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

  @Test
  void badOptionValue_printsOneLineAndWhereToReadMore_notTheUsage() {
    int code = run("run", "--tiers-dir", "x", "--runs", "many");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    List<String> lines = err.toString().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("scylla: ").contains("--runs", "many");
    assertThat(lines.get(1)).isEqualTo("Try 'scylla run --help' for more information.");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void unknownSubcommandOption_namesTheSubcommandsHelp() {
    int code = run("image", "rm", "--everything");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString().lines())
        .containsExactly(
            "scylla: Unknown option: '--everything'",
            "Try 'scylla image rm --help' for more information.");
  }

  private static String usage(CommandLine cli) {
    StringWriter text = new StringWriter();
    cli.usage(new PrintWriter(text, true), CommandLine.Help.Ansi.OFF);
    return text.toString();
  }

  @Test
  void commandLineFor_aSubcommand_buildsThatOneAlone_withTheSameHelpAsTheFullCommandLine() {
    CommandLine full = ScyllaCli.commandLine();
    assertThat(full.getSubcommands()).hasSize(ScyllaCli.SUBCOMMANDS.size());

    for (String name : full.getSubcommands().keySet()) {
      if (name.equals("completion")) {
        continue;
      }
      CommandLine one =
          ScyllaCli.commandLineFor(CommandLine.defaultFactory(), new String[] {name, "--help"});

      assertThat(one.getSubcommands()).as(name).containsOnlyKeys(name);
      assertThat(usage(one.getSubcommands().get(name)))
          .as(name)
          .isEqualTo(usage(full.getSubcommands().get(name)));
    }
  }

  @Test
  void commandLineFor_noSubcommand_completionOrAnUnknownWord_buildsEverySubcommand() {
    String full = usage(ScyllaCli.commandLine());
    for (String[] args :
        List.of(
            new String[0],
            new String[] {"--help"},
            new String[] {"completion"},
            new String[] {"runn"})) {
      CommandLine cli = ScyllaCli.commandLineFor(CommandLine.defaultFactory(), args);

      assertThat(cli.getSubcommands()).hasSize(ScyllaCli.SUBCOMMANDS.size());
      assertThat(usage(cli)).isEqualTo(full);
    }
  }
}
