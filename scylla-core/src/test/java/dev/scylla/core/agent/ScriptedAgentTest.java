package dev.scylla.core.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptedAgentTest {
  @TempDir Path tmp;

  private AgentRequest req(AgentRequest.Role role, String sub, int run) {
    return new AgentRequest(
        role,
        "T0",
        sub,
        run,
        role == AgentRequest.Role.JUDGE ? 1 : 0,
        tmp.resolve("ws"),
        "p",
        "m",
        null,
        Duration.ofSeconds(5),
        null,
        null,
        tmp.resolve("logs"));
  }

  @Test
  void run_appliesDefaultsEntriesAndAttempts() throws Exception {
    Path script = tmp.resolve("s.yaml");
    Files.writeString(
        script,
        "agent:\n"
            + "  default: {files: {hello.py: \"print(1)\\n\"}, cost_usd: 0.02,"
            + " tokens: {input: 10, output: 5}}\n"
            + "  runs:\n"
            + "    - {subtest: \"01\", run: 2, cost_usd: 0.5}\n"
            + "    - {subtest: \"02\", attempts: [{is_error: true, result: \"429 rate limit\"}, {}]}\n"
            + "judge:\n"
            + "  default: {score: 0.7}\n"
            + "  runs:\n"
            + "    - {subtest: \"01\", raw: \"garbage\"}\n");
    Files.createDirectories(tmp.resolve("ws"));
    ScriptedAgent agent = ScriptedAgent.load(script);

    AgentOutcome first = agent.run(req(AgentRequest.Role.AGENT, "01", 1));
    assertThat(first.totalCostUsd()).isEqualTo(0.02);
    assertThat(first.tokenStats().inputTokens()).isEqualTo(10);
    assertThat(tmp.resolve("ws/hello.py")).hasContent("print(1)");
    assertThat(agent.run(req(AgentRequest.Role.AGENT, "01", 2)).totalCostUsd()).isEqualTo(0.5);

    assertThat(agent.run(req(AgentRequest.Role.AGENT, "02", 1)).isError()).isTrue();
    assertThat(agent.run(req(AgentRequest.Role.AGENT, "02", 1)).isError()).isFalse();

    assertThat(agent.run(req(AgentRequest.Role.JUDGE, "00", 1)).resultText())
        .contains("\"score\":0.7", "\"passed\":true");
    assertThat(agent.run(req(AgentRequest.Role.JUDGE, "01", 1)).resultText()).isEqualTo("garbage");
  }

  @Test
  void load_rejectsNonMappingAndPathsOutsideWorkspace() throws Exception {
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(bad, "- a\n- b\n");
    assertThatThrownBy(() -> ScriptedAgent.load(bad))
        .isInstanceOf(AgentException.class)
        .hasMessageContaining(bad.toString());

    Path escape = tmp.resolve("escape.yaml");
    Files.writeString(escape, "agent:\n  default: {files: {\"../x\": \"y\"}}\n");
    Files.createDirectories(tmp.resolve("ws"));
    assertThatThrownBy(() -> ScriptedAgent.load(escape).run(req(AgentRequest.Role.AGENT, "00", 1)))
        .isInstanceOf(AgentException.class)
        .hasMessageContaining("outside the workspace");
  }

  @Test
  void fromSpec_parsesClaudeCodeAndScripted() throws Exception {
    Files.writeString(tmp.resolve("s.yaml"), "{}\n");
    assertThat(AgentAdapters.fromSpec("claude-code", tmp)).isInstanceOf(ClaudeCodeAdapter.class);
    assertThat(AgentAdapters.fromSpec("scripted:s.yaml", tmp)).isInstanceOf(ScriptedAgent.class);
    assertThatThrownBy(() -> AgentAdapters.fromSpec("gpt", tmp))
        .hasMessageContaining("claude-code");
  }
}
