package dev.scylla.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scylla.api.examples.HelloWorldCopy;
import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.model.TierId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch of hello-world copies in this JVM, and each test's folder against a lone run's. */
class BatchInProcessTest {

  @TempDir Path dir;

  /** A copy of hello-world whose test.yaml has the id {@code id}. */
  private Path copy(String id) throws IOException {
    Path fixture = HelloWorldCopy.into(dir.resolve("tests").resolve(id));
    Path yaml = fixture.resolve("test.yaml");
    Files.writeString(
        yaml, Files.readString(yaml).replace("id: \"hello-world\"", "id: \"" + id + "\""));
    return fixture;
  }

  private static Experiment template(Path fixture, Path results) {
    return Experiment.builder(fixture)
        .tiers(TierId.T0)
        .runs(1)
        .agent("scripted:" + fixture.resolve("scripted-agent.yaml"))
        .resultsDir(results)
        .build();
  }

  @Test
  void batch_runsEveryTest_skipsABadOne_andEachFolderIsWhatALoneRunWrites() throws Exception {
    Path a = copy("hello-a");
    Path b = copy("hello-b");
    Path broken = Files.createDirectories(dir.resolve("tests").resolve("broken"));
    Files.writeString(broken.resolve("test.yaml"), "id: \"broken\"\nname: [unclosed\n");
    List<Progress> reports = Collections.synchronizedList(new ArrayList<>());

    Batch batch =
        Batch.builder(List.of(a, broken, b), template(a, dir.resolve("results")))
            .id("suite")
            .parallel(2)
            .build();
    BatchOutcome outcome =
        batch.run(
            Target.inProcess()
                .listener(
                    new RunListener() {
                      @Override
                      public void progress(Progress p) {
                        reports.add(p);
                      }
                    }));

    assertThat(outcome.tests())
        .extracting(t -> t.test().id() + "=" + t.state())
        .containsExactly("hello-a=COMPLETED", "broken=SKIPPED", "hello-b=COMPLETED");
    assertThat(outcome.tests().get(1).reason())
        .isNotBlank()
        .doesNotContain("\n")
        .doesNotContain("--");
    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(outcome.summaryLines())
        .contains(
            "hello-a: best tier T0, best sub-test 00, Frontier CoP $0.0250, PASS, cost $0.0650",
            "broken: SKIPPED (" + outcome.tests().get(1).reason() + ")",
            "Total: 3 tests, 2 passed, 1 skipped, cost $0.1300");
    assertThat(reports).anyMatch(p -> p.message().startsWith("Batch: tests 3/3, runs 4/4"));
    assertThat(reports).anyMatch(p -> p.message().startsWith("hello-b T0/"));
    assertThat(reports.get(reports.size() - 1).kind()).isEqualTo(Progress.FINISHED);

    // The same test alone, with the batch's --parallel: the same files, the same contents but for
    // times, folder names and durations.
    ExperimentOutcome alone =
        template(a, dir.resolve("alone")).toBuilder().parallel(2).build().run(Target.inProcess());
    Path inBatch = outcome.tests().get(0).experimentDir();
    Map<String, String> batchFiles = normalizedTree(inBatch);
    Map<String, String> aloneFiles = normalizedTree(alone.experimentDir());
    assertThat(batchFiles.keySet()).isEqualTo(aloneFiles.keySet());
    List<String> differing = new ArrayList<>();
    for (String file : batchFiles.keySet()) {
      if (file.equals("config/scylla_settings.json")) {
        // Where each was run from is the one setting that differs: the batch's folder, or not.
        batchFiles.put(file, batchFiles.get(file).replaceAll("\"results_dir\" : \"[^\"]*\"", ""));
        aloneFiles.put(file, aloneFiles.get(file).replaceAll("\"results_dir\" : \"[^\"]*\"", ""));
      }
      if (!batchFiles.get(file).equals(aloneFiles.get(file))) {
        differing.add(file + ":\n" + batchFiles.get(file) + "\n---\n" + aloneFiles.get(file));
      }
    }
    assertThat(differing).isEmpty();
  }

  @Test
  void severalTests_refuseTheOptionsOfOneTest_andTwoTestsOfOneId() throws Exception {
    Path a = copy("hello-a");
    Path a2 = HelloWorldCopy.into(dir.resolve("other").resolve("hello-a"));
    Files.writeString(
        a2.resolve("test.yaml"),
        Files.readString(a2.resolve("test.yaml")).replace("\"hello-world\"", "\"hello-a\""));
    Experiment t = template(a, dir.resolve("results"));

    assertThatThrownBy(() -> Batch.builder(List.of(a, a2), t).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("two tests have the id 'hello-a'");
    assertThatThrownBy(
            () ->
                Batch.builder(List.of(a, copy("hello-b")), t.toBuilder().commit("abc").build())
                    .build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("the commit of one test cannot be given to a batch of several tests");
    assertThat(dir.resolve("results")).doesNotExist();
  }

  /** Every file of an experiment folder with its text normalized; binary files by size. */
  static Map<String, String> normalizedTree(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    String rootText = root.toString();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String rel = root.relativize(p).toString();
        // pycache mirrors the absolute path of the workspace, which differs by design.
        if (!Files.isRegularFile(p) || rel.contains("/.git/") || rel.contains("/pycache/")) {
          continue;
        }
        String name = p.getFileName().toString();
        if (name.endsWith(".json")
            || name.endsWith(".csv")
            || name.endsWith(".md")
            || name.endsWith(".txt")
            || name.endsWith(".yaml")) {
          files.put(rel, normalize(Files.readString(p), rootText));
        } else {
          files.put(rel, "present");
        }
      }
    }
    return files;
  }

  private static String normalize(String text, String root) {
    return text.replace(root, "<experiment>")
        .replaceAll("/[^\\s\"]*/\\d{8}T\\d{6}Z-[\\w.-]+", "<experiment>")
        .replaceAll("\\d{8}T\\d{6}Z", "<stamp>")
        .replaceAll("\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z?", "<time>")
        .replaceAll(
            "(\"[a-z_]*(duration|seconds|_at|session_id)[a-z_]*\"\\s*:\\s*)[^,\\n}]+", "$1<n>")
        .replaceAll("(?m)^((duration|[a-z_]*seconds)[^,]*,).*$", "$1<n>")
        .replaceAll("[0-9a-f]{40}", "<sha>")
        .replaceAll("\\d+\\.\\d+(s)\\b", "<n>$1");
  }
}
