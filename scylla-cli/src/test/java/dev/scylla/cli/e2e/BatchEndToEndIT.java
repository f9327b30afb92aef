package dev.scylla.cli.e2e;

import static dev.scylla.docker.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.docker.testing.RequiresDocker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A suite in one command on the real engine: three copies of hello-world (different ids) and a copy
 * of ProjectScylla's test-001 (its repository a local bundle) as one batch in one container, with
 * the scripted agent; interrupted once a test finished, then resumed by the same command.
 */
@RequiresDocker
class BatchEndToEndIT {

  private static final String REPOSITORY = Host.repository("scylla-e2e-batch");
  private static final Path TEST_001 =
      EndToEndFixture.REPO_ROOT.resolve(
          "../shared/fixtures/scylla-ref/tests/fixtures/tests/test-001");
  private static final Path SHARED =
      EndToEndFixture.REPO_ROOT.resolve("../shared/fixtures/scylla-ref/tests/claude-code/shared");

  @Test
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  void batch_interruptedAndResumed_givesPerTestLinesAndTheBatchFiles() throws Exception {
    try (EndToEndFixture world = new EndToEndFixture(null)) {
      Path tests = world.work.resolve("ref/tests/fixtures/tests");
      for (String id : List.of("hello-1", "hello-2", "hello-3")) {
        Path copy = tests.resolve(id);
        Host.copyTree(world.fixture, copy);
        rewrite(copy.resolve("test.yaml"), "id: \"hello-world\"", "id: \"" + id + "\"");
      }
      // test-001 with its shared folder where its default --shared-dir finds it, and its
      // repository the hello-world bundle (GitHub is out of reach).
      Path t001 = tests.resolve("test-001");
      Host.copyTree(TEST_001.normalize(), t001);
      Host.copyTree(SHARED.normalize(), world.work.resolve("ref/tests/claude-code/shared"));
      Files.copy(world.fixture.resolve("repo.bundle"), t001.resolve("repo.bundle"));
      rewrite(
          t001.resolve("test.yaml"),
          "repo: \"https://github.com/mvillmow/Hello-World\"",
          "repo: \"repo.bundle\"");
      rewrite(
          t001.resolve("test.yaml"),
          "hash: \"7fd1a60b01f91b314f59955a4e4d4e80d8edf11d\"",
          "hash: \"cbb835ae2e88f3211f7b742b284f814f6b7ef702\"");
      // Each agent call takes a few seconds, so the batch can be stopped between two tests.
      Path script = world.work.resolve("slow-agent.yaml");
      Files.writeString(
          script,
          "agent:\n"
              + "  default:\n"
              + "    files: {hello.py: \"print(\\\"Hello, World!\\\")\\n\"}\n"
              + "    cost_usd: 0.025\n"
              + "    delay_seconds: 6\n"
              + "judge:\n"
              + "  default: {score: 0.9, passed: true, cost_usd: 0.005}\n");
      List<String> args =
          List.of(
              "run",
              "--tests-dir",
              tests.toString(),
              "--batch-id",
              "suite",
              "--tiers",
              "T0",
              "--runs",
              "1",
              "--max-subtests",
              "1",
              "--parallel",
              "1",
              "--agent",
              "scripted:" + script);
      Path results = world.work.resolve("results");

      // First session: stopped (Ctrl-C) once one test finished and another did not.
      Path out1 = world.base.resolve("out1.txt");
      Path err1 = world.base.resolve("err1.txt");
      Process first = world.scylla(REPOSITORY).start(out1, err1, args.toArray(String[]::new));
      try {
        await(
            Duration.ofMinutes(20),
            () -> {
              assertThat(first.isAlive()).as("stderr: %s", read(err1)).isTrue();
              String json = batchJson(results).orElse("");
              return json.contains("\"state\" : \"completed\"")
                  && (json.contains("\"state\" : \"running\"")
                      || json.contains("\"state\" : \"pending\""));
            },
            "one test of the batch finished",
            () -> "stderr: " + read(err1));
        Host.sh("kill", "-INT", Long.toString(first.pid()));
        assertThat(first.waitFor(180, TimeUnit.SECONDS)).isTrue();
      } finally {
        if (first.isAlive()) {
          first.destroy();
          first.waitFor(120, TimeUnit.SECONDS);
        }
      }
      assertThat(first.exitValue()).as(read(err1)).isEqualTo(130);
      Path batchDir = batchFolder(results).orElseThrow();
      String afterStop = Files.readString(batchDir.resolve("batch.json"));
      assertThat(afterStop).containsPattern("\"status\" : \"interrupted\"");
      Matcher done =
          Pattern.compile(
                  "\"id\" : \"([\\w-]+)\",\\s*\"test_dir\" : \"[^\"]*\",\\s*"
                      + "\"state\" : \"completed\",\\s*\"reason\" : \"\",\\s*"
                      + "\"experiment_dir\" : \"([^\"]+)\"")
              .matcher(afterStop);
      assertThat(done.find()).as(afterStop).isTrue();
      Path finishedResult = batchDir.resolve(done.group(2)).resolve("result.json");
      FileTime before = Files.getLastModifiedTime(finishedResult);

      // Second session: the same command finishes the batch and leaves the finished test alone.
      Path out2 = world.base.resolve("out2.txt");
      Path err2 = world.base.resolve("err2.txt");
      Process second = world.scylla(REPOSITORY).start(out2, err2, args.toArray(String[]::new));
      assertThat(second.waitFor(20, TimeUnit.MINUTES)).isTrue();
      String stdout = read(out2);
      String stderr = read(err2);
      assertThat(second.exitValue()).as(stderr + stdout).isZero();
      assertThat(Files.getLastModifiedTime(finishedResult)).isEqualTo(before);
      assertThat(batchFolder(results)).hasValue(batchDir);
      assertThat(Files.readString(batchDir.resolve("batch.json")))
          .containsPattern("\"status\" : \"completed\"")
          .doesNotContain("\"state\" : \"interrupted\"");
      for (String id : List.of("hello-1", "hello-2", "hello-3", "test-001")) {
        assertThat(stdout)
            .containsPattern(
                "(?m)^"
                    + id
                    + ": best tier T0, best sub-test 0\\d,"
                    + " Frontier CoP \\$0\\.0250, PASS, cost \\$0\\.0250$");
      }
      assertThat(stdout).contains("Total: 4 tests, 4 passed, 0 skipped, cost $0.1000");
      assertThat(stderr).contains("Batch: tests 4/4, runs 4/4");
      List<String> csv = Files.readAllLines(batchDir.resolve("runs.csv"));
      assertThat(csv.get(0)).startsWith("test,tier,subtest,run,");
      assertThat(csv.subList(1, csv.size()))
          .extracting(l -> l.substring(0, l.indexOf(',')))
          .containsExactlyInAnyOrder("hello-1", "hello-2", "hello-3", "test-001");
      assertThat(batchDir.resolve("batch_summary.json")).isRegularFile();
      assertThat(Files.readString(batchDir.resolve("batch_report.html")))
          .contains("Suite frontier: T0");
      assertThat(Host.containersCreatedSince(REPOSITORY, 0)).isNotEmpty();
      world.assertNoStagingLeft();
    } finally {
      Host.removeImages(REPOSITORY);
    }
  }

  private static void rewrite(Path file, String from, String to) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text).as(file.toString()).contains(from);
    Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
  }

  private static Optional<Path> batchFolder(Path results) throws IOException {
    if (!Files.isDirectory(results)) {
      return Optional.empty();
    }
    try (Stream<Path> list = Files.list(results)) {
      return list.filter(p -> Files.isRegularFile(p.resolve("batch.json"))).findFirst();
    }
  }

  private static Optional<String> batchJson(Path results) {
    try {
      Optional<Path> dir = batchFolder(results);
      return dir.isEmpty() ? Optional.empty() : Optional.of(read(dir.get().resolve("batch.json")));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
