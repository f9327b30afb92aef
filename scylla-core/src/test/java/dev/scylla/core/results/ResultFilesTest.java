package dev.scylla.core.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.internal.metrics.Metrics;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.model.Grade;
import dev.scylla.core.model.JudgeResult;
import dev.scylla.core.model.Provenance;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.model.TierResult;
import dev.scylla.core.model.TokenStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFilesTest {
  @TempDir Path dir;

  static ExperimentConfig config() {
    return new ExperimentConfig(
        "test-001",
        "https://github.com/mvillmow/Hello-World",
        "7fd1a60b01f91b314f59955a4e4d4e80d8edf11d",
        "/fixtures/test-001/prompt.md",
        "python",
        List.of("claude-sonnet-4-5"),
        3,
        List.of(TierId.T0, TierId.T1),
        List.of("claude-opus-4-5"),
        4,
        300,
        25,
        2,
        5.0,
        "/fixtures/test-001",
        "/fixtures/shared");
  }

  static RunResult run(int n, Double score, Double cost) {
    boolean passed = score != null && score >= 0.6;
    JudgeResult judge =
        score == null
            ? JudgeResult.invalid("claude-opus-4-5", 1, "unparseable output", 0.02, null, 2.0)
            : new JudgeResult(
                "claude-opus-4-5",
                score,
                passed,
                Grade.B,
                "ok",
                1,
                Map.of(),
                true,
                null,
                0.02,
                new TokenStats(5, 6, 7, 8),
                2.0);
    return new RunResult(
        n,
        0,
        new TokenStats(100, 20, 5, 300),
        cost,
        12.0,
        10.0,
        2.0,
        score,
        passed,
        score == null ? null : Grade.B,
        score == null ? "no valid judge verdict" : "ok",
        List.of(judge),
        "/r/T0/00/run_0" + n + "/workspace",
        "/r/T0/00/run_0" + n + "/agent",
        "/r/T0/00/run_0" + n + "/agent/replay.sh",
        Map.of(),
        0.02,
        score == null ? "every judge failed" : null);
  }

  static ExperimentResult experiment() {
    SubTestResult s00 =
        Metrics.summarize(
            TierId.T0,
            "00",
            List.of(run(1, 0.7, 0.05), run(2, 0.9, 0.07), run(3, null, 0.06)),
            null);
    SubTestResult s01 = Metrics.summarize(TierId.T0, "01", List.of(run(1, 0.4, null)), null);
    TierResult t0 = Metrics.tierResult(TierId.T0, List.of(s00, s01), List.of());
    TierResult t1 =
        Metrics.tierResult(
            TierId.T1,
            List.of(Metrics.summarize(TierId.T1, "01", List.of(run(1, 0.2, 0.01)), null)),
            List.of("T0/00"));
    Map<TierId, TierResult> tiers = new LinkedHashMap<>();
    tiers.put(TierId.T0, t0);
    tiers.put(TierId.T1, t1);
    return Metrics.experimentResult(
        config(),
        tiers,
        Instant.parse("2026-11-27T10:00:00.123Z"),
        Instant.parse("2026-11-27T10:05:00Z"),
        new Provenance(
            "0.1.0",
            "sha256:1234",
            "abcd",
            "2.1.332 (Claude Code)",
            List.of("claude-sonnet-4-5"),
            List.of("claude-opus-4-5")),
        null);
  }

  @Test
  void experimentResult_writtenAndReadBack_isEqual() {
    ExperimentResult result = experiment();
    Path file = dir.resolve("exp/result.json");

    ResultFiles.writeJson(file, result);

    assertThat(ResultFiles.readJson(file, ExperimentResult.class)).isEqualTo(result);
  }

  @Test
  void everyResultRecord_roundTrips() {
    ExperimentResult result = experiment();
    TierResult tier = result.tierResults().get(TierId.T0);
    SubTestResult sub = tier.subtestResults().get("00");
    RunResult run = sub.runs().get(2);
    ResultFiles.writeJson(dir.resolve("t.json"), tier);
    ResultFiles.writeJson(dir.resolve("s.json"), sub);
    ResultFiles.writeJson(dir.resolve("r.json"), run);
    ResultFiles.writeJson(dir.resolve("c.json"), result.config());
    assertThat(ResultFiles.readJson(dir.resolve("t.json"), TierResult.class)).isEqualTo(tier);
    assertThat(ResultFiles.readJson(dir.resolve("s.json"), SubTestResult.class)).isEqualTo(sub);
    assertThat(ResultFiles.readJson(dir.resolve("r.json"), RunResult.class)).isEqualTo(run);
    assertThat(ResultFiles.readJson(dir.resolve("c.json"), ExperimentConfig.class))
        .isEqualTo(result.config());
  }

  @Test
  void undefinedValues_areWrittenAsNullNeverNaNOrInfinity() throws IOException {
    ExperimentResult result = experiment();
    Path file = dir.resolve("result.json");
    ResultFiles.writeJson(file, result);
    String json = Files.readString(file);

    assertThat(json).doesNotContain("NaN").doesNotContain("Infinity");
    JsonNode node = ScyllaJson.mapper().readTree(json);
    // T1's only sub-test never passed: cost-of-pass undefined
    assertThat(node.at("/tier_results/T1/cost_of_pass").isNull()).isTrue();
    // T0/01 has a run of unknown cost
    assertThat(node.at("/tier_results/T0/subtest_results/01/total_cost").isNull()).isTrue();
    assertThat(node.at("/tier_results/T0/total_cost").isNull()).isTrue();

    Map<String, Double> raw = new LinkedHashMap<>();
    raw.put("nan", Double.NaN);
    raw.put("inf", Double.POSITIVE_INFINITY);
    raw.put("one", 1.0);
    ResultFiles.writeJson(file, raw);
    assertThat(ScyllaJson.mapper().readTree(file.toFile()).toString())
        .isEqualTo("{\"nan\":null,\"inf\":null,\"one\":1.0}");
  }

  @Test
  void writeJson_replacesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
    Path file = dir.resolve("config/experiment.json");
    ResultFiles.writeJson(file, Map.of("a", 1));
    ResultFiles.writeJson(file, Map.of("a", 2));

    assertThat(ScyllaJson.mapper().readTree(file.toFile()).get("a").asInt()).isEqualTo(2);
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void writeJson_intoAFile_failsNamingTheTarget() throws IOException {
    Path blocker = dir.resolve("blocker");
    Files.writeString(blocker, "x");
    Path file = blocker.resolve("result.json");

    assertThatThrownBy(() -> ResultFiles.writeJson(file, Map.of()))
        .isInstanceOf(ResultFileException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("cannot be written");
  }

  @Test
  void readJson_reportsMissingAndInvalidFilesByName() throws IOException {
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> ResultFiles.readJson(missing, ExperimentResult.class))
        .isInstanceOf(ResultFileException.class)
        .hasMessage(missing + ": does not exist");

    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"run_number\": ");
    assertThatThrownBy(() -> ResultFiles.readJson(broken, RunResult.class))
        .isInstanceOf(ResultFileException.class)
        .hasMessageStartingWith(broken + ": is not valid JSON");

    Path invalid = dir.resolve("invalid.json");
    Files.writeString(invalid, "{\"run_number\": 0}");
    assertThatThrownBy(() -> ResultFiles.readJson(invalid, RunResult.class))
        .isInstanceOf(ResultFileException.class)
        .hasMessage(invalid + ": is not a valid RunResult file: run_number must be >= 1, got 0");
  }

  @Test
  void writeText_writesUtf8Atomically() throws IOException {
    Path file = dir.resolve("report.md");
    ResultFiles.writeText(file, "# Report – ✓\n");
    assertThat(Files.readString(file)).isEqualTo("# Report – ✓\n");
  }

  @Test
  void writesAndReads_fromAnInterruptedThread_succeedAndKeepTheInterrupt() throws Exception {
    // A stopping engine writes its checkpoint from a thread whose interrupt is still pending.
    Path json = dir.resolve("checkpoint.json");
    Path text = dir.resolve("report.md");
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    AtomicReference<RunResult> readBack = new AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              Thread.currentThread().interrupt();
              try {
                ResultFiles.writeJson(json, run(1, 0.9, 0.5));
                ResultFiles.writeText(text, "# interrupted\n");
                readBack.set(ResultFiles.readJson(json, RunResult.class));
              } catch (Throwable t) {
                failure.set(t);
              }
              stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
    writer.start();
    writer.join(Duration.ofSeconds(30).toMillis());

    assertThat(writer.isAlive()).as("writer still running").isFalse();
    assertThat(failure.get()).as("write from an interrupted thread").isNull();
    assertThat(stillInterrupted).as("interrupt flag kept").isTrue();
    assertThat(readBack.get()).isEqualTo(run(1, 0.9, 0.5));
    assertThat(Files.readString(text)).isEqualTo("# interrupted\n");
    assertThat(Files.getPosixFilePermissions(json))
        .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("checkpoint.json", "report.md");
    }
  }
}
