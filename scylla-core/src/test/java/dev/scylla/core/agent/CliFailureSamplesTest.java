package dev.scylla.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The failure kinds of real Claude Code output: each file under {@code cli-failures/} is what
 * {@code claude -p --output-format stream-json --verbose} (2.1.332, in the runner image, {@code
 * CLAUDE_CODE_MAX_RETRIES=0}) printed against an API that was down, hanging, resetting, unknown to
 * DNS or answering with an HTTP error ({@code cli-failures/capture.sh} made them).
 */
class CliFailureSamplesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "connection_refused, CONNECTION",
    "connection_reset, CONNECTION",
    "dns, CONNECTION",
    "api_timeout, API_TIMEOUT",
    "status_500, SERVER_ERROR",
    "status_502, SERVER_ERROR",
    "status_503, SERVER_ERROR",
    "status_529, OVERLOADED",
    "status_429, RATE_LIMIT",
    "usage_limit_weekly, RATE_LIMIT",
    "status_401, AUTH",
    "status_403, AUTH",
    "prose, NONE",
  })
  void parse_classifiesRealCliOutput(String sample, FailureKind expected) throws IOException {
    AgentOutcome outcome = ClaudeCodeAdapter.parse(read(sample), exit(sample), 1.0, "");

    assertThat(outcome.failureKind()).isEqualTo(expected);
    assertThat(outcome.isError()).isEqualTo(expected != FailureKind.NONE);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "connection_refused, CONNECTION",
    "connection_reset, CONNECTION",
    "dns, CONNECTION",
    "api_timeout, API_TIMEOUT",
    "status_500, SERVER_ERROR",
    "status_529, OVERLOADED",
    "status_429, RATE_LIMIT",
    "status_401, AUTH",
  })
  void classify_readsTheResultTextAloneToo(String sample, FailureKind expected) throws IOException {
    // An older CLI, or a runner that passes the text on without the fields.
    String text = ClaudeCodeAdapter.parse(read(sample), 1, 1.0, "").resultText();

    assertThat(FailureTexts.classify(text)).isEqualTo(expected);
  }

  private static int exit(String sample) {
    return sample.equals("prose") ? 0 : 1;
  }

  private static String read(String sample) throws IOException {
    try (InputStream in =
        CliFailureSamplesTest.class.getResourceAsStream("/cli-failures/" + sample + ".jsonl")) {
      assertThat(in).as(sample).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
