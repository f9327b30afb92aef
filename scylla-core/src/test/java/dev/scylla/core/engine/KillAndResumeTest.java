package dev.scylla.core.engine;

import static dev.scylla.core.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.report.LoadedReport;
import dev.scylla.core.report.ReportLoader;
import dev.scylla.core.results.CheckpointStatus;
import dev.scylla.core.testing.StubClaude;
import dev.scylla.core.testing.TestFixtures;
import dev.scylla.core.testing.UsesGit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL of the engine's JVM mid-run, then resume: nothing lost, nothing run twice. */
@UsesGit
class KillAndResumeTest {
  @TempDir Path tmp;

  @Test
  @Timeout(240)
  void killedMidRun_resumeCompletesEveryRunExactlyOnce() throws Exception {
    StubClaude stub = StubClaude.install(tmp);
    Path fixtureDir = TestFixtures.copyExample(tmp, 0);
    Path results = tmp.resolve("results");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ChildExperimentMain.class.getName(),
                fixtureDir.toString(),
                results.toString(),
                stub.binary().toString(),
                stub.state().toString(),
                "2")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("child.log").toFile())
            .start();
    List<ProcessHandle> tree = new ArrayList<>();
    try {
      // Kill once a run has passed and the next agent is in flight.
      await(
          Duration.ofSeconds(90),
          () -> {
            assertThat(child.isAlive()).as("child alive; log: %s", log()).isTrue();
            return completedRuns(results) >= 1 && agentRunning(stub);
          },
          "the child finished a run and started the next agent",
          this::log);
      child.descendants().forEach(tree::add);
      child.destroyForcibly(); // SIGKILL
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child ended after SIGKILL").isTrue();
    } finally {
      // The stub agent the engine was running is an orphan now: end it as a container stop would.
      child.destroyForcibly();
      tree.forEach(ProcessHandle::destroyForcibly);
    }
    Path exp = experimentDir(results);
    JsonNode cp = ScyllaJson.mapper().readTree(exp.resolve("checkpoint.json").toFile());
    assertThat(cp.get("status").asText()).isEqualTo("running");
    List<String> doneBefore = new ArrayList<>();
    cp.at("/completed_runs/T0")
        .fields()
        .forEachRemaining(
            s ->
                s.getValue()
                    .fields()
                    .forEachRemaining(
                        r -> {
                          if (!r.getValue().asText().equals("agent_complete")) {
                            doneBefore.add(s.getKey() + "/run_0" + r.getKey());
                          }
                        }));
    assertThat(doneBefore).isNotEmpty();

    // An experiment killed before writing result.json still reports, rebuilt from its runs.
    LoadedReport partial = ReportLoader.load(results);
    assertThat(partial.checkpointStatus()).isEqualTo(CheckpointStatus.RUNNING);
    assertThat(partial.summaryLines()).anyMatch(l -> l.startsWith("T0: "));
    assertThat(
            partial.result().tierResults().get(TierId.T0).subtestResults().values().stream()
                .mapToInt(s -> s.runs().size())
                .sum())
        .isEqualTo(doneBefore.size());

    Fixture fixture = TestFixtures.load(fixtureDir);
    ExperimentOutcome resumed =
        ExperimentRunner.builder()
            .fixture(fixture)
            .config(TestFixtures.config(fixture, "killed", 2, 1, null, null))
            .resultsRoot(results)
            .python(TestFixtures.PYTHON)
            .agent(stub.adapter(Map.of()))
            .judge(stub.adapter(Map.of()))
            .build()
            .run();

    assertThat(resumed.status()).isEqualTo(ExperimentStatus.COMPLETED);
    assertThat(resumed.experimentDir()).isEqualTo(exp);
    for (String run : List.of("00/run_01", "00/run_02", "01/run_01", "01/run_02")) {
      assertThat(exp.resolve("T0/" + run + "/run_result.json")).as(run).isRegularFile();
    }
    for (String run : doneBefore) {
      long calls =
          stub.calls().stream()
              .filter(c -> c.startsWith("agent ") && c.contains("T0/" + run + "/"))
              .count();
      assertThat(calls).as("agent calls of completed run %s", run).isEqualTo(1);
    }
    Map<String, SubTestResult> subs =
        resumed.result().tierResults().get(TierId.T0).subtestResults();
    assertThat(subs.get("00").runs()).hasSize(2);
    assertThat(subs.get("01").runs()).hasSize(2);
    assertThat(subs.values().stream().flatMap(s -> s.runs().stream()).map(r -> r.runNumber()))
        .containsExactlyInAnyOrder(1, 2, 1, 2);
    assertThat(
            ScyllaJson.mapper()
                .readTree(exp.resolve("checkpoint.json").toFile())
                .get("status")
                .asText())
        .isEqualTo("completed");
  }

  private String log() {
    try {
      return Files.readString(tmp.resolve("child.log"));
    } catch (IOException e) {
      return "<no log>";
    }
  }

  private static boolean agentRunning(StubClaude stub) throws IOException {
    try (Stream<Path> s = Files.list(stub.state().resolve("active"))) {
      return s.findAny().isPresent();
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    }
  }

  private static Path experimentDir(Path results) throws IOException {
    try (Stream<Path> s = Files.list(results)) {
      return s.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  private static int completedRuns(Path results) {
    try {
      if (!Files.isDirectory(results)) {
        return 0;
      }
      Optional<Path> exp;
      try (Stream<Path> s = Files.list(results)) {
        exp = s.filter(Files::isDirectory).findFirst();
      }
      if (exp.isEmpty() || !Files.exists(exp.get().resolve("checkpoint.json"))) {
        return 0;
      }
      JsonNode cp = ScyllaJson.mapper().readTree(exp.get().resolve("checkpoint.json").toFile());
      int[] n = {0};
      cp.at("/completed_runs/T0")
          .elements()
          .forEachRemaining(
              s ->
                  s.elements()
                      .forEachRemaining(
                          r -> {
                            if (!r.asText().equals("agent_complete")) {
                              n[0]++;
                            }
                          }));
      return n[0];
    } catch (IOException e) {
      return 0;
    }
  }
}
