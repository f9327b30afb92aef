package dev.scylla.core.internal.report;

import dev.scylla.core.model.ExperimentResult;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierResult;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One row per run of an experiment as CSV ({@code runs.csv}, {@code scylla report --format csv}):
 * RFC 4180, a header row, CRLF line ends, a field quoted when it holds a comma, a quote, CR or LF
 * (its quotes doubled). Unknown values are empty fields; numbers are plain decimals (no exponent).
 */
public final class CsvReport {
  /** The header, in column order. */
  public static final List<String> HEADER =
      List.of(
          "tier",
          "subtest",
          "run",
          "score",
          "passed",
          "grade",
          "cost_usd",
          "input_tokens",
          "output_tokens",
          "cache_read_tokens",
          "cache_creation_tokens",
          "duration_seconds",
          "agent_duration_seconds",
          "judge_duration_seconds",
          "judge_cost_usd",
          "error_kind",
          "error");

  private CsvReport() {}

  /** The CSV of every run of {@code r}, tier by tier, sub-test by sub-test, run by run. */
  public static String of(ExperimentResult r) {
    StringBuilder csv = new StringBuilder();
    row(csv, HEADER);
    rows(csv, r, List.of());
    return csv.toString();
  }

  /**
   * The CSV of a batch: a {@code test} column first, then every run of each test's result, in the
   * order given.
   */
  public static String ofBatch(Map<String, ExperimentResult> byTest) {
    StringBuilder csv = new StringBuilder();
    List<String> header = new java.util.ArrayList<>();
    header.add("test");
    header.addAll(HEADER);
    row(csv, header);
    byTest.forEach((test, r) -> rows(csv, r, List.of(test)));
    return csv.toString();
  }

  private static void rows(StringBuilder csv, ExperimentResult r, List<String> prefix) {
    for (TierResult t : r.tierResults().values()) {
      for (SubTestResult s : t.subtestResults().values()) {
        for (RunResult run : s.runs()) {
          row(
              csv,
              concat(
                  prefix,
                  t.tierId().name(),
                  s.subtestId(),
                  Integer.toString(run.runNumber()),
                  number(run.judgeScore()),
                  Boolean.toString(run.judgePassed()),
                  run.judgeGrade() == null ? "" : run.judgeGrade().name(),
                  number(run.costUsd()),
                  Long.toString(run.tokenStats().inputTokens()),
                  Long.toString(run.tokenStats().outputTokens()),
                  Long.toString(run.tokenStats().cacheReadTokens()),
                  Long.toString(run.tokenStats().cacheCreationTokens()),
                  number(run.durationSeconds()),
                  number(run.agentDurationSeconds()),
                  number(run.judgeDurationSeconds()),
                  number(run.judgeCostUsd()),
                  ErrorKind.of(run),
                  run.error() == null ? "" : run.error()));
        }
      }
    }
  }

  private static List<String> concat(List<String> prefix, String... fields) {
    List<String> all = new java.util.ArrayList<>(prefix);
    all.addAll(java.util.Arrays.asList(fields));
    return all;
  }

  private static void row(StringBuilder csv, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        csv.append(',');
      }
      csv.append(field(fields.get(i)));
    }
    csv.append("\r\n");
  }

  /** One field, quoted when RFC 4180 requires it. */
  static String field(String value) {
    if (value.indexOf(',') < 0
        && value.indexOf('"') < 0
        && value.indexOf('\r') < 0
        && value.indexOf('\n') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  static String number(Double d) {
    return d == null || !Double.isFinite(d)
        ? ""
        : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
