package dev.scylla.core.internal.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.testing.ReportSamples;
import dev.scylla.core.testing.UsesPython3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runs.csv} reads back with Python's {@code csv} module (strict mode) as the same fields.
 * Needs python3; skipped without it, except under {@code CI=true}, where it fails.
 */
@UsesPython3
class CsvReportPythonTest {
  @TempDir Path tmp;

  @Test
  void runsCsv_readsBackWithPythonCsvModule() throws Exception {
    Path file = tmp.resolve("runs.csv");
    Files.writeString(file, CsvReport.of(ReportSamples.standard()));

    JsonNode rows = readWithPython(file);

    assertThat(rows).hasSize(1 + 7);
    assertThat(rows.get(0).toString())
        .isEqualTo(
            "[\"tier\",\"subtest\",\"run\",\"score\",\"passed\",\"grade\",\"cost_usd\","
                + "\"input_tokens\",\"output_tokens\",\"cache_read_tokens\","
                + "\"cache_creation_tokens\",\"duration_seconds\",\"agent_duration_seconds\","
                + "\"judge_duration_seconds\",\"judge_cost_usd\",\"error_kind\",\"error\"]");
    assertThat(rows.get(1).toString())
        .isEqualTo(
            "[\"T0\",\"00\",\"1\",\"0.9\",\"true\",\"A\",\"0.02\",\"1001\",\"200\",\"9000\","
                + "\"3000\",\"12.5\",\"11.5\",\"1\",\"0.001\",\"\",\"\"]");
    JsonNode errored = rows.get(6);
    assertThat(errored.get(1).asText()).isEqualTo("01");
    assertThat(errored.get(3).asText()).isEmpty();
    assertThat(errored.get(6).asText()).isEmpty();
    assertThat(errored.get(15).asText()).isEqualTo("judge_error");
    assertThat(errored.get(16).asText()).isEqualTo("judge 1 (m): said \"no\", then\nstopped");
    assertThat(rows.get(7).get(0).asText()).isEqualTo("T1");
    for (JsonNode row : rows) {
      assertThat(row).hasSize(CsvReport.HEADER.size());
    }
  }

  @Test
  void runsCsv_usesCrlfAndQuotesOnlyWhereNeeded() {
    String csv = CsvReport.of(ReportSamples.standard());

    assertThat(csv).startsWith("tier,subtest,run,").contains("\r\nT0,00,1,0.9,true,A,0.02,");
    assertThat(csv.replace("\r\n", "")).doesNotContain("\r");
    assertThat(csv).contains(",judge_error,\"judge 1 (m): said \"\"no\"\", then\nstopped\"\r\n");
    assertThat(CsvReport.number(1e-7)).isEqualTo("0.0000001");
  }

  private static JsonNode readWithPython(Path file) throws Exception {
    String script =
        "import csv, json, sys\n"
            + "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
            + "    print(json.dumps(list(csv.reader(f, strict=True))))\n";
    Process p;
    try {
      p =
          new ProcessBuilder("python3", "-c", script, file.toString())
              .redirectErrorStream(true)
              .start();
    } catch (java.io.IOException e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("python3 is required under CI=true: " + e.getMessage());
      }
      Assumptions.abort("python3 not found: " + e.getMessage());
      throw e;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return ScyllaJson.mapper().readTree(out);
  }
}
