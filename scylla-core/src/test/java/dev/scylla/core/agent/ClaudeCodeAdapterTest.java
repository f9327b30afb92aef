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
    assertThat(out.inputTokens()).isEqualTo(100);
    assertThat(out.cacheCreationTokens()).isEqualTo(2000);
    assertThat(out.cacheReadTokens()).isEqualTo(5000);
    assertThat(out.outputTokens()).isEqualTo(300);
    assertThat(out.totalCostUsd()).isEqualTo(0.0425);
    assertThat(out.modelUsage()).containsKey("claude-sonnet-4-5-20250929");
    assertThat(out.numTurns()).isEqualTo(3);
    assertThat(work.resolve("hello.py")).exists();
    Path logs = tmp.resolve("logs");
    assertThat(logs.resolve("prompt.md")).hasContent("Create hello.py please");
    assertThat(Files.readString(logs.resolve("stdout.log"))).contains("\"total_cost_usd\"");
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
    assertThat(out.inputTokens()).isEqualTo(5);
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
}
