package dev.scylla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The libraries and scylla-api say what is wrong in their own terms; only the command line names
 * its options and commands (the CLI's error handler adds them). This test reads every string
 * literal of their main sources and fails on one that names an option of {@code scylla} or a {@code
 * scylla COMMAND}.
 */
class LibraryMessagesTest {

  /** The modules whose messages an embedder reads. */
  private static final List<String> MODULES =
      List.of(
          "scylla-core", "scylla-docker", "scylla-credentials", "scylla-kubernetes", "scylla-api");

  /**
   * Files exempt from the check: none. A file put here must say why, and what is found in it once
   * it leaves is to be fixed (or, for a command line of another program, listed in {@link
   * #COMMAND_LINES}).
   */
  static final Set<String> PENDING = Set.of();

  /**
   * Files that build command lines for another program, where a literal that is exactly one option
   * ({@code "--model"}, {@code "--quiet"}) is an argument, not a message; each with the program it
   * speaks to. A literal with an option among other words is still a message there.
   */
  static final Map<String, String> COMMAND_LINES =
      Map.of(
          "scylla-core/src/main/java/dev/scylla/core/agent/ClaudeCodeAdapter.java",
          "Claude Code's command line (claude -p --model ... --verbose)",
          "scylla-core/src/main/java/dev/scylla/core/workspace/TaskRepository.java",
          "git's command lines (clone --quiet ...)",
          "scylla-core/src/main/java/dev/scylla/core/internal/workspace/WorkspacePreparer.java",
          "git's command lines (commit --quiet ...)",
          "scylla-api/src/main/java/dev/scylla/api/internal/PodExperiment.java",
          "git's command lines (clone --quiet --bare ...)",
          "scylla-api/src/main/java/dev/scylla/api/InProcessTarget.java",
          "the version of claude and python3 (--version)",
          "scylla-api/src/main/java/dev/scylla/api/ScyllaImage.java",
          "the version of the image's python3 (python3 --version)");

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void libraryAndApiLiterals_nameNoOptionOrCommandOfTheCli() {
    Set<String> options = cliOptions();
    Set<String> commands = cliCommands();
    assertThat(options).contains("--fresh", "--commit", "--agent-jar", "--stacktrace");
    assertThat(commands).contains("run", "validate", "image", "clean");

    List<String> found = new ArrayList<>();
    for (Path file : mainSources()) {
      String relative = ROOT.relativize(file).toString().replace('\\', '/');
      if (PENDING.contains(relative)) {
        continue;
      }
      found.addAll(findings(relative, read(file), options, commands));
    }

    assertThat(found)
        .as(
            "string literals of the libraries and scylla-api that name the command line's options"
                + " or commands; say what is wrong in the library's terms and give the exception a"
                + " setting the CLI's ErrorHandler adds the option for")
        .isEmpty();
  }

  @Test
  void aFlagPutIntoAMessage_isFound() {
    String source =
        """
        class X {
          // a comment may say --fresh, and so may /* --commit */ Javadoc:
          /** Use {@code --repo}. */
          void f(String jar) {
            char c = '"';
            String ok = "no option here: 2 -- 3, a--b, --no-such-option";
            throw new IllegalStateException(
                "the runner jar " + jar + " is missing (add one with --agent-jar JAR)");
          }
          String text = \"""
              resume it, or start over
              with --fresh\""";
          String escaped = "line one\\n--commit on the next";
          String phrase = "build it first, e.g. `scylla image build`";
          String argv = "--quiet";
        }
        """;

    List<String> found =
        findings(
            "X.java",
            source,
            Set.of("--fresh", "--commit", "--repo", "--agent-jar", "--quiet", "--agent"),
            Set.of("image"));

    assertThat(found)
        .containsExactly(
            "X.java:8: \" is missing (add one with --agent-jar JAR)\" names --agent-jar",
            "X.java:10: \"resume it, or start over\\nwith --fresh\" names --fresh",
            "X.java:13: \"line one\\n--commit on the next\" names --commit",
            "X.java:14: \"build it first, e.g. `scylla image build`\" names scylla image",
            "X.java:15: \"--quiet\" names --quiet");
  }

  @Test
  void aCommandLineFile_mayHoldSingleOptionsButNoMessageWithOne() {
    String file = COMMAND_LINES.keySet().iterator().next();
    String source =
        "class X { List<String> a = List.of(\"--quiet\", \"--model\");\n"
            + " String m = \"check --commit\"; }";

    assertThat(findings(file, source, Set.of("--quiet", "--model", "--commit"), Set.of()))
        .containsExactly(file + ":2: \"check --commit\" names --commit");
  }

  /**
   * Every {@code file:line: "literal" names TOKEN} for literals of {@code source} that name one of
   * {@code options} or {@code scylla COMMAND}.
   */
  static List<String> findings(
      String file, String source, Set<String> options, Set<String> commands) {
    Pattern option = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*(?![\\w-])");
    Pattern command =
        Pattern.compile(
            "\\bscylla ("
                + commands.stream().map(Pattern::quote).collect(Collectors.joining("|"))
                + ")\\b");
    boolean commandLines = COMMAND_LINES.containsKey(file);
    List<String> found = new ArrayList<>();
    for (Literal literal : literals(source)) {
      String text = literal.text();
      Set<String> named = new TreeSet<>();
      Matcher m = option.matcher(text);
      while (m.find()) {
        if (options.contains(m.group())) {
          named.add(m.group());
        }
      }
      if (commandLines && text.strip().matches("--[a-z][a-z0-9-]*(=.*)?")) {
        named.clear(); // one argument of another program's command line
      }
      if (!commands.isEmpty()) {
        Matcher c = command.matcher(text);
        while (c.find()) {
          named.add(c.group());
        }
      }
      for (String name : named) {
        found.add(
            file + ":" + literal.line() + ": \"" + text.replace("\n", "\\n") + "\" names " + name);
      }
    }
    return found;
  }

  /** A string literal or text block, its value (escapes read) and the line it starts on. */
  record Literal(int line, String text) {}

  /**
   * The string literals and text blocks of Java source {@code s}, leaving out comments (so Javadoc)
   * and character literals.
   */
  static List<Literal> literals(String s) {
    List<Literal> literals = new ArrayList<>();
    int line = 1;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\n') {
        line++;
        i++;
      } else if (s.startsWith("//", i)) {
        while (i < s.length() && s.charAt(i) != '\n') {
          i++;
        }
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        end = end < 0 ? s.length() : end + 2;
        line += count(s, i, end);
        i = end;
      } else if (s.startsWith("\"\"\"", i)) {
        int start = i;
        int from = s.indexOf('\n', i + 3) + 1; // a text block's content starts on the next line
        StringBuilder text = new StringBuilder();
        int j = from;
        while (j < s.length() && !s.startsWith("\"\"\"", j)) {
          if (s.charAt(j) == '\\' && j + 1 < s.length()) {
            j = escape(s, j, text);
          } else {
            text.append(s.charAt(j++));
          }
        }
        literals.add(new Literal(line, stripIndent(text.toString())));
        int end = Math.min(s.length(), j + 3);
        line += count(s, start, end);
        i = end;
      } else if (c == '"') {
        StringBuilder text = new StringBuilder();
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != '"' && s.charAt(j) != '\n') {
          if (s.charAt(j) == '\\' && j + 1 < s.length()) {
            j = escape(s, j, text);
          } else {
            text.append(s.charAt(j++));
          }
        }
        literals.add(new Literal(line, text.toString()));
        i = j + 1;
      } else if (c == '\'') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != '\'' && s.charAt(j) != '\n') {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        i = j + 1;
      } else {
        i++;
      }
    }
    return literals;
  }

  /** Reads the escape at {@code s[at]} (a backslash) into {@code text}; the index after it. */
  private static int escape(String s, int at, StringBuilder text) {
    char e = s.charAt(at + 1);
    switch (e) {
      case 'n' -> text.append('\n');
      case 't' -> text.append('\t');
      case 'r' -> text.append('\r');
      case 'b' -> text.append('\b');
      case 'f' -> text.append('\f');
      case 's' -> text.append(' ');
      case '\n' -> {
        // a text block's line continuation
      }
      default -> {
        if (e >= '0' && e <= '7') {
          int end = at + 1;
          while (end < s.length() && end < at + 4 && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
            end++;
          }
          text.append((char) Integer.parseInt(s.substring(at + 1, end), 8));
          return end;
        }
        text.append(e); // \" \' \\
      }
    }
    return at + 2;
  }

  private static String stripIndent(String text) {
    return text.lines().map(String::strip).collect(Collectors.joining("\n"));
  }

  private static int count(String s, int from, int to) {
    int n = 0;
    for (int k = from; k < to; k++) {
      if (s.charAt(k) == '\n') {
        n++;
      }
    }
    return n;
  }

  /** Every long option name of {@code scylla} and its subcommands, at every depth. */
  private static Set<String> cliOptions() {
    Set<String> names = new TreeSet<>();
    collect(ScyllaCli.commandLine(), names);
    return names;
  }

  /** The names of {@code scylla}'s subcommands (and their aliases). */
  private static Set<String> cliCommands() {
    Set<String> names = new TreeSet<>();
    ScyllaCli.commandLine().getSubcommands().values().stream()
        .map(CommandLine::getCommandSpec)
        .forEach(
            spec -> {
              names.add(spec.name());
              names.addAll(List.of(spec.aliases()));
            });
    return names;
  }

  private static void collect(CommandLine cli, Set<String> options) {
    CommandSpec spec = cli.getCommandSpec();
    for (OptionSpec option : spec.options()) {
      for (String name : option.names()) {
        if (name.startsWith("--")) {
          options.add(name);
        }
      }
    }
    cli.getSubcommands().values().forEach(sub -> collect(sub, options));
  }

  private static List<Path> mainSources() {
    List<Path> files = new ArrayList<>();
    for (String module : MODULES) {
      Path dir = ROOT.resolve(module).resolve("src/main/java");
      assertThat(dir).as("main sources of " + module).isDirectory();
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
