package dev.scylla.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentAdapters;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureException;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.testing.TestFixtures;
import dev.scylla.core.testing.UsesGit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several hello-world experiments as one batch: one cap on concurrent runs, one budget, one batch
 * folder, resume and skipping.
 */
@UsesGit
class BatchRunnerTest {
  @TempDir Path tmp;

  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger mostRunning = new AtomicInteger();
  private final List<String> started = Collections.synchronizedList(new ArrayList<>());

  private static List<BatchTest> tests(String... ids) {
    List<BatchTest> list = new ArrayList<>();
    for (String id : ids) {
      list.add(new BatchTest(id, TestFixtures.EXAMPLE));
    }
    return list;
  }

  /** Runs the hello-world example under the test's id, two sub-tests two at a time. */
  private ExperimentOutcome helloWorld(
      BatchTest test, Path dir, BatchLimits limits, ExperimentListener batch, int runs) {
    calls.computeIfAbsent(test.id(), k -> new AtomicInteger()).incrementAndGet();
    if (test.id().startsWith("bad")) {
      throw new FixtureException(test.testDir().resolve("test.yaml"), "no such file");
    }
    if (test.id().startsWith("logged-out")) {
      throw new Rejudge.LoginFailedException("the judge's login was refused");
    }
    Fixture fixture = TestFixtures.load(test.testDir());
    AgentAdapter scripted = AgentAdapters.fromSpec("scripted:scripted-agent.yaml", test.testDir());
    ExperimentListener counting =
        new ExperimentListener() {
          @Override
          public void runStarted(TierId tier, String subTestId, int runNumber) {
            started.add(test.id());
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
          }

          @Override
          public void runFinished(TierId tier, String subTestId, RunResult result) {
            running.decrementAndGet();
            batch.runFinished(tier, subTestId, result);
          }

          @Override
          public void experimentStarted(String id, Path experimentDir, int totalRuns, int done) {
            batch.experimentStarted(id, experimentDir, totalRuns, done);
          }
        };
    return ExperimentRunner.builder()
        .fixture(fixture)
        .config(TestFixtures.config(fixture, test.id(), runs, 2, null, null))
        .resultsRoot(dir)
        .python(TestFixtures.PYTHON)
        .agent(scripted)
        .judge(scripted)
        .listener(counting)
        .batchLimits(limits)
        .build()
        .run();
  }

  private BatchRunner.Builder batch(int parallel, Double maxCost, String... ids) {
    return BatchRunner.builder()
        .batchId("suite")
        .tests(tests(ids))
        .settings(Map.of("runs", "2"))
        .resultsRoot(tmp.resolve("results"))
        .parallel(parallel)
        .maxCostUsd(maxCost)
        .testRun((t, d, l, listener) -> helloWorld(t, d, l, listener, 2));
  }

  @Test
  void parallel_capsRunsAcrossTheBatch_andEveryTestRuns() {
    List<BatchProgress> progress = Collections.synchronizedList(new ArrayList<>());
    BatchResult result =
        batch(1, null, "a", "b", "c")
            .listener(
                new BatchRunner.Listener() {
                  @Override
                  public void progress(BatchProgress p) {
                    progress.add(p);
                  }
                })
            .build()
            .run();

    assertThat(result.status()).isEqualTo("completed");
    assertThat(result.tests())
        .extracting(BatchTestResult::state)
        .containsOnly(BatchTestState.COMPLETED);
    // Each experiment would run two sub-tests at once; the batch allows one run at a time.
    assertThat(mostRunning.get()).isEqualTo(1);
    assertThat(started).hasSize(12);
    BatchProgress last = progress.get(progress.size() - 1);
    assertThat(last.testsDone()).isEqualTo(3);
    assertThat(last.runsDone()).isEqualTo(12);
    assertThat(last.runsTotal()).isEqualTo(12);
    assertThat(last.costUsd()).isCloseTo(3 * 0.13, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(last.line()).startsWith("Batch: tests 3/3, runs 12/12, $0.3900, about 0s left");

    Path dir = result.batchDir();
    assertThat(dir.getFileName().toString()).matches("\\d{8}T\\d{6}Z-suite");
    for (BatchTestResult t : result.tests()) {
      assertThat(t.experimentDir().getParent()).isEqualTo(dir);
      assertThat(t.experimentDir().resolve("report.html")).isRegularFile();
    }
    assertThat(dir.resolve("batch.json")).isRegularFile();
    assertThat(dir.resolve("batch_summary.json")).isRegularFile();
    assertThat(dir.resolve("batch_report.html")).isRegularFile();
  }

  @Test
  void maxCost_isTheBatchs_andStopsEveryTest() {
    // Runs cost $0.025 (sub-test 00) or $0.04 (01); alone each test would spend $0.13.
    BatchResult result = batch(1, 0.05, "a", "b", "c").build().run();

    double spent = 0;
    int runs = 0;
    for (BatchTestResult t : result.tests()) {
      assertThat(t.state()).isEqualTo(BatchTestState.BUDGET_EXHAUSTED);
      var report = dev.scylla.core.report.ReportLoader.load(t.experimentDir());
      spent += report.result().totalCost() == null ? 0 : report.result().totalCost();
      runs +=
          report.result().tierResults().values().stream()
              .flatMap(x -> x.subtestResults().values().stream())
              .mapToInt(s -> s.runs().size())
              .sum();
    }
    // One run at a time: the last run that started had less than $0.05 spent before it.
    assertThat(spent).isGreaterThanOrEqualTo(0.05).isLessThan(0.05 + 0.04 + 1e-9);
    assertThat(runs).isBetween(2, 3);
    assertThat(result.tests().get(0).reason()).contains("batch's budget");
  }

  @Test
  void aTestWhoseLoginFails_isAuthFailed_notSkippedOrFailed() throws Exception {
    BatchResult result = batch(1, null, "logged-out").build().run();

    assertThat(result.tests().get(0).state()).isEqualTo(BatchTestState.AUTH_FAILED);
    assertThat(result.tests().get(0).reason()).contains("login was refused");
  }

  @Test
  void badTest_isSkippedWithItsReason_theOthersRun_andResumeLeavesFinishedTestsAlone()
      throws Exception {
    BatchResult first = batch(2, null, "a", "bad-one", "b").build().run();

    assertThat(first.anySkipped()).isTrue();
    assertThat(first.status()).isEqualTo("ended");
    BatchTestResult bad = first.tests().get(1);
    assertThat(bad.state()).isEqualTo(BatchTestState.SKIPPED);
    assertThat(bad.reason()).contains("test.yaml").contains("no such file").doesNotContain("\n");
    assertThat(first.tests().get(0).state()).isEqualTo(BatchTestState.COMPLETED);
    assertThat(first.tests().get(2).state()).isEqualTo(BatchTestState.COMPLETED);
    assertThat(Files.readString(first.batchDir().resolve("batch.json")))
        .contains("\"state\" : \"skipped\"")
        .contains("\"reason\" : \"" + bad.reason().replace("\"", "\\\"") + "\"");
    assertThat(BatchFiles.summaryLines(first.batchDir()))
        .contains("bad-one: SKIPPED (" + bad.reason() + ")")
        .anyMatch(
            l ->
                l.startsWith(
                    "a: best tier T0, best sub-test 00, Frontier CoP $0.0250, PASS, cost $0.1300"))
        .last()
        .isEqualTo("Total: 3 tests, 2 passed, 1 skipped, cost $0.2600");

    Path aResult = first.tests().get(0).experimentDir().resolve("result.json");
    FileTime before = Files.getLastModifiedTime(aResult);
    BatchResult second = batch(2, null, "a", "bad-one", "b").build().run();

    assertThat(second.batchDir()).isEqualTo(first.batchDir());
    assertThat(calls.get("a").get()).isEqualTo(1);
    assertThat(calls.get("b").get()).isEqualTo(1);
    assertThat(calls.get("bad-one").get()).isEqualTo(2);
    assertThat(Files.getLastModifiedTime(aResult)).isEqualTo(before);
    assertThat(second.tests().get(0).state()).isEqualTo(BatchTestState.COMPLETED);
  }

  @Test
  void changedTestList_needsAFreshBatch() {
    BatchResult first = batch(2, null, "a").build().run();

    assertThatThrownBy(() -> batch(2, null, "a", "b").build().run())
        .isInstanceOf(ConfigChangedException.class)
        .hasMessageContaining("other tests or settings")
        .hasMessageNotContaining("--");
    BatchResult fresh = batch(2, null, "a", "b").fresh(true).build().run();
    assertThat(fresh.batchDir()).isNotEqualTo(first.batchDir());
    assertThat(fresh.tests())
        .extracting(BatchTestResult::state)
        .containsOnly(BatchTestState.COMPLETED);
  }

  @Test
  void batchFiles_haveATestColumn_aMatrix_andTheSuiteFrontier() throws Exception {
    BatchResult result = batch(2, null, "a", "b").build().run();
    Path dir = result.batchDir();

    List<String> csv = Files.readAllLines(dir.resolve("runs.csv"));
    assertThat(csv.get(0)).startsWith("test,tier,");
    assertThat(csv).hasSize(1 + 8);
    assertThat(csv.stream().skip(1).filter(l -> l.startsWith("a,T0,"))).hasSize(4);
    assertThat(csv.stream().skip(1).filter(l -> l.startsWith("b,T0,"))).hasSize(4);

    String summary = Files.readString(dir.resolve("batch_summary.json"));
    assertThat(summary)
        .contains("\"suite_frontier_tier\" : \"T0\"")
        .contains("\"passed_runs\" : 8")
        .contains("\"cost_of_pass\" : 0.0325");

    String html = Files.readString(dir.resolve("batch_report.html"));
    String aFolder = result.tests().get(0).experimentDir().getFileName().toString();
    assertThat(html)
        .contains("<a href=\"" + aFolder + "/report.html\">")
        .contains("data-pass-rate=\"1.0000\"")
        .contains("Suite frontier: T0")
        .doesNotContain("http://")
        .doesNotContain("<script src");

    // Made again from the folder alone.
    Files.delete(dir.resolve("batch_report.html"));
    BatchFiles.write(dir);
    assertThat(Files.readString(dir.resolve("batch_report.html"))).isEqualTo(html);
  }
}
