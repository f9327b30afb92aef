package dev.scylla.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.core.testing.StubClaude;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaudeCodeAdapterTest {
  @TempDir Path tmp;

  private AgentRequest request(Path work, Duration timeout, List<String> tools) {
    return new AgentRequest(
        AgentRequest.Role.AGENT,
        "T0",
        "00",
        1,
        0,
        work,
        "Create hello.py please",
        "claude-sonnet-4-5-20250929",
        7,
        timeout,
        tools,
        null,
        tmp.resolve("logs"));
  }

  @Test
  void run_feedsPromptOnStdinAndParsesResultObject() throws Exception {
    StubClaude stub = StubClaude.install(tmp);
    Path work = Files.createDirectories(tmp.resolve("work"));
    AgentOutcome out = stub.adapter(Map.of()).run(request(work, Duration.ofSeconds(30), null));

    assertThat(out.isError()).isFalse();
    assertThat(out.subtype()).isEqualTo("success");
    assertThat(out.tokenStats().inputTokens()).isEqualTo(100);
    assertThat(out.tokenStats().cacheCreationTokens()).isEqualTo(2000);
    assertThat(out.tokenStats().cacheReadTokens()).isEqualTo(5000);
    assertThat(out.tokenStats().outputTokens()).isEqualTo(300);
    assertThat(out.totalCostUsd()).isEqualTo(0.0425);
    assertThat(out.modelUsage()).containsKey("claude-sonnet-4-5-20250929");
    assertThat(out.numTurns()).isEqualTo(3);
    assertThat(work.resolve("hello.py")).exists();
    Path logs = tmp.resolve("logs");
    assertThat(logs.resolve("prompt.md")).hasContent("Create hello.py please");
    assertThat(Files.readString(logs.resolve("transcript.jsonl"))).contains("\"total_cost_usd\"");
    assertThat(Files.readString(logs.resolve("replay.sh")))
        .contains("--print", "--max-turns", "'7'", "< '" + logs.resolve("prompt.md") + "'")
        .contains("DISABLE_AUTOUPDATER=1")
        .doesNotContain(stub.state().toString());
  }

  @Test
  void command_mapsToolsAndMcpConfigToFlags() {
    ClaudeCodeAdapter adapter = ClaudeCodeAdapter.create();
    AgentRequest r =
        new AgentRequest(
            AgentRequest.Role.AGENT,
            "T2",
            "01",
            1,
            0,
            tmp,
            "p",
            "m",
            null,
            Duration.ofSeconds(5),
            List.of("Read", "Write"),
            tmp.resolve("mcp.json"),
            tmp);
    assertThat(adapter.command(r))
        .containsSequence("--tools", "Read,Write")
        .containsSequence("--mcp-config", tmp.resolve("mcp.json").toString(), "--strict-mcp-config")
        .doesNotContain("--max-turns", "--allowedTools");
  }

  @Test
  void command_emptySystemPromptAndNamedAgent_becomeFlags() {
    AgentRequest r =
        new AgentRequest(
            AgentRequest.Role.AGENT,
            "T0",
            "00",
            1,
            0,
            tmp,
            "p",
            "claude-sonnet-4-6",
            null,
            Duration.ofSeconds(5),
            null,
            null,
            tmp,
            "",
            "chief-architect");
    assertThat(ClaudeCodeAdapter.create().command(r))
        .containsSequence("--model", "claude-sonnet-4-6")
        .containsSequence("--system-prompt", "")
        .containsSequence("--agent", "chief-architect")
        .doesNotContain("--tools", "--mcp-config");
  }

  @Test
  void run_isErrorResultIsAFailure() throws Exception {
    StubClaude stub = StubClaude.install(tmp);
    Path work = Files.createDirectories(tmp.resolve("work"));
    AgentOutcome out =
        stub.adapter(Map.of("STUB_AUTH_FAIL", "work"))
            .run(request(work, Duration.ofSeconds(30), null));
    assertThat(out.isError()).isTrue();
    assertThat(out.resultText()).contains("Not logged in");
  }

  @Test
  void run_killsWholeProcessTreeAtTimeout() throws Exception {
    StubClaude stub = StubClaude.install(tmp);
    Path work = Files.createDirectories(tmp.resolve("work"));
    AgentOutcome out =
        stub.adapter(Map.of("STUB_HANG", "work")).run(request(work, Duration.ofMillis(1500), null));
    assertThat(out.timedOut()).isTrue();
    assertThat(out.isError()).isTrue();
    long child = Long.parseLong(Files.readString(stub.state().resolve("hang-child.pid")).trim());
    long parent = Long.parseLong(Files.readString(stub.state().resolve("hang.pid")).trim());
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
    assertThat(ProcessHandle.of(parent).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
  }

  @Test
  void parse_acceptsVerboseArrayTakingLastResult() {
    String array =
        "[{\"type\":\"system\",\"subtype\":\"init\"},"
            + "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"done\","
            + "\"usage\":{\"input_tokens\":5,\"output_tokens\":6}}]";
    AgentOutcome out = ClaudeCodeAdapter.parse(array, 0, 1.0, "");
    assertThat(out.isError()).isFalse();
    assertThat(out.resultText()).isEqualTo("done");
    assertThat(out.tokenStats().inputTokens()).isEqualTo(5);
    assertThat(out.totalCostUsd()).isNull();
  }

  @Test
  void parse_nonSuccessSubtypeAndGarbageAreFailures() {
    assertThat(
            ClaudeCodeAdapter.parse(
                    "{\"type\":\"result\",\"subtype\":\"error_max_turns\",\"is_error\":false}",
                    0,
                    1,
                    "")
                .isError())
        .isTrue();
    AgentOutcome garbage = ClaudeCodeAdapter.parse("Segmentation fault", 139, 1, "");
    assertThat(garbage.isError()).isTrue();
    assertThat(garbage.resultText()).contains("unparseable output", "Segmentation fault");
  }

  @Test
  void command_streamsJsonAndJudgeRequestHasNoToolsOneTurnAndTheSystemPrompt() {
    AgentRequest judge =
        new AgentRequest(
            AgentRequest.Role.JUDGE,
            "T0",
            "00",
            1,
            1,
            tmp,
            "grade this",
            "claude-opus-4-5",
            1,
            Duration.ofSeconds(5),
            List.of(),
            null,
            tmp,
            "You grade coding agents.");
    assertThat(ClaudeCodeAdapter.create().command(judge))
        .containsSequence("--output-format", "stream-json", "--verbose")
        .containsSequence("--max-turns", "1")
        .containsSequence("--tools", "")
        .containsSequence("--system-prompt", "You grade coding agents.")
        .doesNotContain("--mcp-config");
  }

  @Test
  void parse_realStreamJsonTakesTheResultEvent() throws Exception {
    String stream;
    try (var in = getClass().getResourceAsStream("/claude/stream-hello.jsonl")) {
      stream = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    AgentOutcome out = ClaudeCodeAdapter.parse(stream, 0, 1.0, "");
    assertThat(out.isError()).isFalse();
    assertThat(out.failureKind()).isEqualTo(FailureKind.NONE);
    assertThat(out.resultText()).isEqualTo("Created hello.py and ran it.");
    assertThat(out.numTurns()).isEqualTo(3);
    assertThat(out.tokenStats().inputTokens()).isEqualTo(300);
    assertThat(out.tokenStats().outputTokens()).isEqualTo(60);
    assertThat(out.totalCostUsd()).isEqualTo(0.0018000000000000002);
    assertThat(out.modelUsage()).containsKey("claude-sonnet-4-5");
  }

  @Test
  void parse_failureKindComesFromApiErrorStatusTerminalReasonAndSubtype() {
    assertThat(kind("\"api_error_status\":401,\"terminal_reason\":\"api_error\"", "success"))
        .isEqualTo(FailureKind.AUTH);
    assertThat(kind("\"api_error_status\":429", "success")).isEqualTo(FailureKind.RATE_LIMIT);
    assertThat(kind("\"api_error_status\":529", "success")).isEqualTo(FailureKind.OVERLOADED);
    assertThat(kind("\"api_error_status\":503", "success")).isEqualTo(FailureKind.SERVER_ERROR);
    assertThat(kind("\"api_error_status\":null", "error_max_turns"))
        .isEqualTo(FailureKind.MAX_TURNS);
    assertThat(kind("\"terminal_reason\":\"max_budget\"", "error_max_budget_usd"))
        .isEqualTo(FailureKind.BUDGET);
    // Nothing in the fields: the engine falls back to the text.
    assertThat(kind("\"api_error_status\":null", "success")).isNull();
  }

  private static FailureKind kind(String fields, String subtype) {
    String line =
        "{\"type\":\"result\",\"subtype\":\""
            + subtype
            + "\",\"is_error\":true,\"result\":\"API Error\","
            + fields
            + "}";
    return ClaudeCodeAdapter.parse("{\"type\":\"system\"}\n" + line + "\n", 1, 1, "").failureKind();
  }

  @Test
  void boundTranscript_keepsTheStartAMarkerAndTheResultEvent() throws Exception {
    Path file = tmp.resolve("transcript.jsonl");
    StringBuilder sb = new StringBuilder();
    String event = "{\"type\":\"user\",\"text\":\"" + "x".repeat(1000) + "\"}\n";
    long lines = ClaudeCodeAdapter.MAX_TRANSCRIPT_BYTES / event.length() + 100;
    for (long i = 0; i < lines; i++) {
      sb.append(event);
    }
    sb.append("{\"type\":\"result\",\"subtype\":\"success\",\"result\":\"done\"}\n");
    Files.writeString(file, sb);

    ClaudeCodeAdapter.boundTranscript(file, sb.toString());

    assertThat(Files.size(file)).isLessThanOrEqualTo(ClaudeCodeAdapter.MAX_TRANSCRIPT_BYTES);
    List<String> kept = Files.readAllLines(file);
    assertThat(kept.get(0)).isEqualTo(event.strip());
    assertThat(kept.get(kept.size() - 2)).contains("\"type\":\"scylla_truncated\"");
    assertThat(ClaudeCodeAdapter.parse(Files.readString(file), 0, 1, "").resultText())
        .isEqualTo("done");
  }

  @Test
  void boundTranscript_leavesASmallTranscriptAlone() throws Exception {
    Path file = tmp.resolve("transcript.jsonl");
    Files.writeString(file, "{\"type\":\"result\"}\n");
    ClaudeCodeAdapter.boundTranscript(file, "{\"type\":\"result\"}\n");
    assertThat(file).hasContent("{\"type\":\"result\"}");
  }

  @Test
  void run_judgeRequest_keepsItsSystemPromptInAFileTheReplayReadsBack() throws Exception {
    StubClaude stub = StubClaude.install(tmp);
    Path work = Files.createDirectories(tmp.resolve("judge"));
    Path logs = tmp.resolve("judge-logs");
    AgentRequest judge =
        new AgentRequest(
            AgentRequest.Role.JUDGE,
            "T0",
            "00",
            1,
            1,
            work,
            "Create hello.py please",
            "claude-opus-4-5-20251101",
            1,
            Duration.ofSeconds(30),
            List.of(),
            null,
            logs,
            "You grade coding agents; answer 'JSON' only.");
    AgentOutcome out = stub.adapter(Map.of()).run(judge);

    assertThat(out.isError()).isFalse();
    assertThat(logs.resolve("system_prompt.md"))
        .hasContent("You grade coding agents; answer 'JSON' only.");
    assertThat(Files.readString(logs.resolve("replay.sh")))
        .contains(
            "'--tools' '' '--system-prompt' \"$(cat '" + logs.resolve("system_prompt.md") + "')\"")
        .doesNotContain("answer 'JSON' only");
    assertThat(logs.resolve("transcript.jsonl")).isNotEmptyFile();
  }
}
