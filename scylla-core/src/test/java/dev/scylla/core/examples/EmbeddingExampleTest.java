package dev.scylla.core.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.engine.ExperimentStatus;
import dev.scylla.core.testing.TestFixtures;
import dev.scylla.core.testing.UsesGit;
import dev.scylla.core.testing.UsesPython3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of docs/embedding.md runs, and the doc shows exactly its source. */
class EmbeddingExampleTest {
  /** The repository root: examples/hello-world is two levels below it. */
  private static final Path ROOT = TestFixtures.EXAMPLE.getParent().getParent();

  private static final Path SOURCE =
      ROOT.resolve("scylla-core/src/test/java/dev/scylla/core/examples/EmbeddingExample.java");
  private static final Path DOC = ROOT.resolve("docs/embedding.md");

  @TempDir Path tmp;

  @Test
  @UsesPython3
  @UsesGit
  void example_runsHelloWorldWithCustomAgentAndJudge() throws Exception {
    Path fixture = TestFixtures.copyExample(tmp, 0);

    ExperimentOutcome outcome = EmbeddingExample.run(fixture, tmp.resolve("results"));

    assertThat(outcome.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(outcome.erroredRuns()).isZero();
    // Two sub-tests x one run, each: agent $0.0125 reported, judge 2,000 + 400 tokens of
    // claude-opus-4-5 priced at $5/$25 per million = $0.02; both runs pass with score 1.0.
    assertThat(outcome.summaryLines())
        .startsWith(
            outcome.summaryLines().get(0),
            "Total Cost: $0.0250",
            "Best Tier: T0",
            "Best Sub-test: 00",
            "Frontier CoP: $0.0125",
            "T0: PASS (score: 1.000, cost: $0.0125)")
        .contains("Judge Cost: $0.0400");
    assertThat(outcome.summaryLines().get(0)).matches("Duration: \\d+\\.\\ds");
    assertThat(outcome.experimentDir().resolve("T0/01/run_01/workspace/hello.py"))
        .hasContent("print(\"Hello, World!\")");
  }

  @Test
  void doc_containsTheExampleSourceVerbatim() throws Exception {
    String source = Files.readString(SOURCE, StandardCharsets.UTF_8);
    String begin = "// docs:begin\n";
    String end = "// docs:end\n";
    assertThat(source).contains(begin, end);
    String shown = source.substring(source.indexOf(begin) + begin.length(), source.indexOf(end));

    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .as("docs/embedding.md must show EmbeddingExample.java between its docs markers")
        .contains("```java\n" + shown + "```\n");
  }
}
