package dev.scylla.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scylla.core.internal.report.BatchHtmlReport;
import dev.scylla.core.internal.report.CsvReport;
import dev.scylla.core.internal.report.Summary;
import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.model.TierResult;
import dev.scylla.core.report.LoadedReport;
import dev.scylla.core.report.ReportLoader;
import dev.scylla.core.results.ResultFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of a batch folder beside its tests' experiment folders: {@code batch.json} (written by
 * {@link BatchRunner}), and {@code batch_summary.json}, {@code batch_report.html} and the batch's
 * {@code runs.csv} (one row per run with a {@code test} column), which {@link #write} makes from
 * {@code batch.json} and the experiment folders alone, so they can be made again at any time.
 */
public final class BatchFiles {
  private static final Logger LOG = LoggerFactory.getLogger(BatchFiles.class);

  /** The batch's tests, settings and states. */
  public static final String BATCH_JSON = "batch.json";

  /** The batch's summary. */
  public static final String SUMMARY_JSON = "batch_summary.json";

  /** The batch's report: a test × tier matrix and the suite's frontier. */
  public static final String REPORT_HTML = "batch_report.html";

  /** Every run of the batch, with a {@code test} column. */
  public static final String RUNS_CSV = "runs.csv";

  private BatchFiles() {}

  /** Whether {@code dir} is a batch folder (it holds {@code batch.json}). */
  public static boolean isBatch(Path dir) {
    return Files.isRegularFile(dir.resolve(BATCH_JSON));
  }

  /** The tests of the batch folder {@code dir} as its {@code batch.json} records them. */
  public static List<BatchTestResult> readTests(Path dir) {
    JsonNode json = BatchRunner.readJson(dir.resolve(BATCH_JSON));
    List<BatchTestResult> tests = new ArrayList<>();
    for (JsonNode n : json.path("tests")) {
      String rel = n.path("experiment_dir").isTextual() ? n.path("experiment_dir").asText() : null;
      tests.add(
          new BatchTestResult(
              new BatchTest(n.path("id").asText(), Path.of(n.path("test_dir").asText())),
              BatchTestState.fromJson(n.path("state").asText("pending")),
              n.path("reason").asText(""),
              rel == null ? null : dir.resolve(rel).normalize()));
    }
    return tests;
  }

  /** The batch's status as its {@code batch.json} records it. */
  public static String readStatus(Path dir) {
    return BatchRunner.readJson(dir.resolve(BATCH_JSON)).path("status").asText("unknown");
  }

  /** The batch's id as its {@code batch.json} records it. */
  public static String readId(Path dir) {
    return BatchRunner.readJson(dir.resolve(BATCH_JSON)).path("batch_id").asText("");
  }

  /** Runs of the batch's tests that errored (crashed, timed out, unparseable). */
  public static int erroredRuns(Path dir) {
    int errored = 0;
    for (Loaded l : load(dir.toAbsolutePath().normalize())) {
      if (l.report() != null) {
        errored += l.report().result().erroredRuns();
      }
    }
    return errored;
  }

  /** One test of a batch with its loaded results (null when it has none to read). */
  private record Loaded(BatchTestResult test, LoadedReport report) {}

  /**
   * Writes {@code batch_summary.json}, {@code runs.csv} and {@code batch_report.html} of the batch
   * folder {@code dir} from its {@code batch.json} and its tests' experiment folders.
   *
   * @throws ExperimentException when {@code batch.json} cannot be read
   */
  public static void write(Path dir) {
    Path batchDir = dir.toAbsolutePath().normalize();
    JsonNode json = BatchRunner.readJson(batchDir.resolve(BATCH_JSON));
    List<Loaded> loaded = load(batchDir);
    ResultFiles.writeJson(batchDir.resolve(SUMMARY_JSON), summary(json, loaded));
    Map<String, ExperimentResult> byTest = new LinkedHashMap<>();
    for (Loaded l : loaded) {
      if (l.report() != null) {
        byTest.put(l.test().test().id(), l.report().result());
      }
    }
    ResultFiles.writeText(batchDir.resolve(RUNS_CSV), CsvReport.ofBatch(byTest));
    List<BatchHtmlReport.Row> rows = new ArrayList<>();
    for (Loaded l : loaded) {
      rows.add(
          new BatchHtmlReport.Row(
              l.test().test().id(),
              l.test().state().json(),
              l.test().reason(),
              l.report() == null
                  ? null
                  : batchDir.relativize(l.report().experimentDir()).toString(),
              l.report() == null ? null : l.report().result()));
    }
    ResultFiles.writeText(
        batchDir.resolve(REPORT_HTML),
        BatchHtmlReport.of(json.path("batch_id").asText(), json.path("status").asText(), rows));
  }

  /**
   * The console lines of a batch: one per test (id, best tier, best sub-test, Frontier CoP,
   * PASS/FAIL or the state, agent cost) and the totals.
   */
  public static List<String> summaryLines(Path dir) {
    Path batchDir = dir.toAbsolutePath().normalize();
    List<String> lines = new ArrayList<>();
    double cost = 0;
    int passed = 0;
    int skipped = 0;
    List<Loaded> loaded = load(batchDir);
    for (Loaded l : loaded) {
      BatchTestResult t = l.test();
      if (l.report() == null) {
        if (t.state() == BatchTestState.SKIPPED) {
          skipped++;
        }
        lines.add(
            t.test().id()
                + ": "
                + t.state().json().toUpperCase(Locale.ROOT).replace('_', ' ')
                + (t.reason().isBlank() ? "" : " (" + t.reason() + ")"));
        continue;
      }
      ExperimentResult r = l.report().result();
      boolean hasBest = r.bestOverallTier() != null && r.frontierCop() != null;
      boolean pass = hasBest;
      if (pass) {
        passed++;
      }
      if (r.totalCost() != null) {
        cost += r.totalCost();
      }
      String state =
          t.state() == BatchTestState.COMPLETED
              ? ""
              : ", "
                  + t.state().json().replace('_', ' ')
                  + (t.reason().isBlank() ? "" : " (" + t.reason() + ")");
      lines.add(
          String.format(
              Locale.ROOT,
              "%s: best tier %s, best sub-test %s, Frontier CoP %s, %s, cost %s%s",
              t.test().id(),
              hasBest ? r.bestOverallTier().name() : "none",
              hasBest ? r.bestOverallSubtest() : "none",
              hasBest ? Summary.money(r.frontierCop()) : "n/a",
              pass ? "PASS" : "FAIL",
              Summary.money(r.totalCost()),
              state));
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "Total: %d tests, %d passed, %d skipped, cost %s",
            loaded.size(),
            passed,
            skipped,
            Summary.money(cost)));
    return lines;
  }

  private static List<Loaded> load(Path batchDir) {
    List<Loaded> loaded = new ArrayList<>();
    for (BatchTestResult t : readTests(batchDir)) {
      LoadedReport report = null;
      if (t.experimentDir() != null && Files.isDirectory(t.experimentDir())) {
        try {
          report = ReportLoader.load(t.experimentDir());
        } catch (RuntimeException e) {
          LOG.warn("cannot read {}: {}", t.experimentDir(), e.toString());
        }
      }
      loaded.add(new Loaded(t, report));
    }
    return loaded;
  }

  private static Map<String, Object> summary(JsonNode batch, List<Loaded> loaded) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("batch_id", batch.path("batch_id").asText());
    out.put("status", batch.path("status").asText());
    List<Map<String, Object>> tests = new ArrayList<>();
    double totalCost = 0;
    int runs = 0;
    int passedRuns = 0;
    Map<TierId, double[]> suite = new EnumMap<>(TierId.class);
    for (Loaded l : loaded) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("test", l.test().test().id());
      t.put("state", l.test().state().json());
      t.put("reason", l.test().reason());
      if (l.report() != null) {
        ExperimentResult r = l.report().result();
        boolean hasBest = r.bestOverallTier() != null && r.frontierCop() != null;
        t.put("experiment_dir", l.report().experimentDir().getFileName().toString());
        t.put("best_tier", hasBest ? r.bestOverallTier().name() : null);
        t.put("best_subtest", hasBest ? r.bestOverallSubtest() : null);
        t.put("frontier_cop", r.frontierCop());
        t.put("frontier_cop_tier", r.frontierCopTier() == null ? null : r.frontierCopTier().name());
        t.put("passed", hasBest);
        t.put("total_cost", r.totalCost());
        Map<String, Object> tiers = new LinkedHashMap<>();
        for (TierResult tier : r.tierResults().values()) {
          SubTestResult best = tier.best();
          Map<String, Object> cell = new LinkedHashMap<>();
          cell.put("best_subtest", tier.bestSubtest());
          cell.put("pass_rate", best == null ? null : best.passRate());
          cell.put("cost_of_pass", tier.costOfPass());
          cell.put("total_cost", tier.totalCost());
          tiers.put(tier.tierId().name(), cell);
          double[] acc = suite.computeIfAbsent(tier.tierId(), k -> new double[3]);
          for (SubTestResult st : tier.subtestResults().values()) {
            for (var run : st.runs()) {
              acc[0] += run.costUsd() == null ? 0 : run.costUsd();
              acc[1] += run.judgePassed() ? 1 : 0;
              acc[2] += 1;
              runs++;
              passedRuns += run.judgePassed() ? 1 : 0;
            }
          }
        }
        t.put("tiers", tiers);
        if (r.totalCost() != null) {
          totalCost += r.totalCost();
        }
      }
      tests.add(t);
    }
    out.put("tests", tests);
    Map<String, Object> frontier = new LinkedHashMap<>();
    for (Map.Entry<TierId, double[]> e : suite.entrySet()) {
      double[] a = e.getValue();
      Map<String, Object> cell = new LinkedHashMap<>();
      cell.put("runs", (int) a[2]);
      cell.put("pass_rate", a[2] == 0 ? null : a[1] / a[2]);
      cell.put("cost_of_pass", a[1] == 0 ? null : a[0] / a[1]);
      cell.put("total_cost", a[0]);
      frontier.put(e.getKey().name(), cell);
    }
    out.put("suite_tiers", frontier);
    out.put("suite_frontier_tier", BatchHtmlReport.frontierTier(suite));
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("tests", loaded.size());
    totals.put(
        "completed",
        loaded.stream().filter(l -> l.test().state() == BatchTestState.COMPLETED).count());
    totals.put(
        "skipped", loaded.stream().filter(l -> l.test().state() == BatchTestState.SKIPPED).count());
    totals.put("runs", runs);
    totals.put("passed_runs", passedRuns);
    totals.put("total_cost", totalCost);
    out.put("totals", totals);
    return out;
  }
}
