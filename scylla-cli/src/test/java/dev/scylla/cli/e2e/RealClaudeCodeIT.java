package dev.scylla.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scylla.docker.testing.RequiresDocker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Claude Code CLI of the runner image, driven by {@code scylla run} on the real engine,
 * against a scripted Messages API ({@code e2e/messages_api.py}) in a sidecar container without a
 * network: the runner joins the sidecar's network namespace ({@code --network container:NAME}), so
 * every model request stays on a loopback no other container shares. One image and one sidecar
 * serve the whole class; each test writes its own script and reads the requests it caused.
 */
@RequiresDocker
class RealClaudeCodeIT {

  private static final String REPOSITORY = Host.repository("scylla-e2e-realcli");
  private static final int PORT = 8080;
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(40);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AGENT_MODEL = "claude-sonnet-4-5-20250929";

  private static EndToEndFixture world;
  private static Path state;
  private static Path shim;
  private static String sidecar;

  @BeforeAll
  static void imageAndSidecar() throws Exception {
    Host.removeImages(REPOSITORY);
    world = new EndToEndFixture(null);
    addTierTwo(world.fixture);

    ScyllaProcess.Result built = world.scylla(REPOSITORY).run(BUILD_TIMEOUT, "image", "build");
    assertThat(built.exitCode()).as(built.toString()).isZero();
    String image = built.stdout().strip().split("\\s+")[0];

    state = Files.createDirectories(world.base.resolve("api"));
    copyResource("/e2e/messages_api.py", state.resolve("messages_api.py"));
    // MCP servers of the fixture start with `npx -y PACKAGE`; offline there is no registry, so an
    // npx on the PATH starts the test's own MCP server instead.
    shim = Files.createDirectories(world.base.resolve("shim"));
    copyResource("/e2e/mcp_server.py", shim.resolve("mcp_server.py"));
    Files.writeString(
        shim.resolve("npx"),
        "#!/bin/sh\nexec python3 \"$(dirname \"$0\")/mcp_server.py\"\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(
        shim.resolve("npx"), PosixFilePermissions.fromString("rwxr-xr-x"));

    sidecar = "scylla-e2e-api-" + UUID.randomUUID().toString().substring(0, 8);
    Host.sh(
        "docker",
        "run",
        "-d",
        "--name",
        sidecar,
        "--label",
        "dev.scylla.e2e=messages-api",
        "--network",
        "none",
        "--user",
        "0:0",
        "-v",
        state + ":/state",
        "--entrypoint",
        "python3",
        image,
        "/state/messages_api.py",
        "/state",
        Integer.toString(PORT));
    awaitFile(state.resolve("ready"), Duration.ofSeconds(60));
  }

  @AfterAll
  static void cleanUp() throws Exception {
    try {
      if (sidecar != null) {
        new ProcessBuilder("docker", "rm", "-f", sidecar)
            .redirectErrorStream(true)
            .start()
            .waitFor();
        assertThat(Host.allContainers()).doesNotContain(sidecar);
      }
    } finally {
      Host.removeImages(REPOSITORY);
      if (world != null) {
        world.close();
      }
    }
  }

  @Test
  void helloWorld_realCliWritesAndRunsHelloPy_judgeIsOneToolLessRequest() throws Exception {
    script("hello", agentWritesAndRunsHelloPy(), judgeAnswer("0.9", 1));

    ScyllaProcess.Result result = scylla("hello", "--tiers", "T0", "--max-subtests", "1");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    List<String> lines = result.stdout().lines().toList();
    assertThat(lines.get(0)).matches("Duration: \\d+\\.\\ds");
    assertThat(lines.get(1)).matches("Total Cost: \\$\\d+\\.\\d{4}");
    assertThat(lines.get(4)).matches("Frontier CoP: \\$\\d+\\.\\d{4}");
    assertThat(lines)
        .anyMatch(l -> l.matches("T0: PASS \\(score: 0\\.900, cost: \\$\\d+\\.\\d{4}\\)"));

    Path run = onlyRun("hello");
    // The real Write tool created the file, the real Bash tool ran it.
    assertThat(run.resolve("workspace/hello.py")).hasContent("print(\"Hello, World!\")");
    Path transcript = run.resolve("agent/transcript.jsonl");
    List<JsonNode> events = jsonLines(transcript);
    assertThat(events.get(0).path("type").asText()).isEqualTo("system");
    assertThat(events.get(0).path("subtype").asText()).isEqualTo("init");
    assertThat(toolUses(events)).containsExactly("Write", "Bash");
    assertThat(Files.readString(transcript)).contains("Hello, World!");
    JsonNode resultEvent = events.get(events.size() - 1);
    assertThat(resultEvent.path("type").asText()).isEqualTo("result");

    // Tokens and cost are the CLI's own figures.
    JsonNode agent = JSON.readTree(run.resolve("agent/result.json").toFile());
    assertThat(agent.path("cost_usd").asDouble())
        .isPositive()
        .isEqualTo(resultEvent.path("total_cost_usd").asDouble());
    assertThat(agent.at("/token_stats/input_tokens").asLong())
        .isEqualTo(resultEvent.at("/usage/input_tokens").asLong())
        .isEqualTo(3000);
    assertThat(agent.at("/token_stats/output_tokens").asLong()).isEqualTo(600);

    List<JsonNode> requests = requests("hello");
    List<JsonNode> agentRequests = ofKind(requests, "agent");
    List<JsonNode> judgeRequests = ofKind(requests, "judge");
    assertThat(agentRequests).hasSize(3);
    assertThat(agentRequests).allMatch(r -> r.path("tool_count").asInt() > 0);
    assertThat(agentRequests.get(0).path("model").asText()).isEqualTo(AGENT_MODEL);
    // One judge, one request, no tool definitions, Scylla's own judge system prompt.
    assertThat(judgeRequests).hasSize(1);
    JsonNode judge = judgeRequests.get(0);
    assertThat(judge.path("tool_count").asInt()).isZero();
    assertThat(judge.path("message_count").asInt()).isEqualTo(1);
    // The judge sees the checks before the agent beside the checks after it.
    List<String> headings = new ArrayList<>();
    judge.path("headings").forEach(h -> headings.add(h.asText()));
    assertThat(headings)
        .containsSubsequence(
            "Automatic checks before the agent", "Automatic checks after the agent");
    assertThat(experimentDir("hello").resolve("pipeline_baseline.json")).isRegularFile();
    byte[] builtIn = resource("/dev/scylla/core/internal/judge/system_prompt.md");
    // The CLI puts two short blocks of its own (billing header, identity line) before it.
    List<Integer> blocks = new ArrayList<>();
    judge.path("system_block_bytes").forEach(b -> blocks.add(b.asInt()));
    assertThat(blocks).contains(builtIn.length);
    assertThat(judge.path("system_bytes").asInt()).isLessThan(builtIn.length + 300);
    System.out.printf(
        "judge request: %d bytes (system prompt %d bytes, %d tools); agent request: %d bytes"
            + " (system prompt %d bytes, %d tools, %d bytes of tool definitions)%n",
        judge.path("body_bytes").asInt(),
        judge.path("system_bytes").asInt(),
        judge.path("tool_count").asInt(),
        agentRequests.get(0).path("body_bytes").asInt(),
        agentRequests.get(0).path("system_bytes").asInt(),
        agentRequests.get(0).path("tool_count").asInt(),
        agentRequests.get(0).path("tools_bytes").asInt());
    Path judgeDir = run.resolve("judge/judge_01");
    assertThat(toolUses(jsonLines(judgeDir.resolve("transcript.jsonl")))).isEmpty();
    assertThat(jsonLines(judgeDir.resolve("transcript.jsonl")))
        .anyMatch(e -> e.path("type").asText().equals("result"));

    // Provenance: the CLI's version, the network, the judge prompt and its digest.
    JsonNode provenance =
        JSON.readTree(experimentDir("hello").resolve("result.json").toFile()).path("provenance");
    assertThat(provenance.path("claude_code_version").asText()).startsWith("2.1.332");
    assertThat(provenance.path("network_mode").asText()).isEqualTo("container:" + sidecar);
    assertThat(provenance.path("judge_system_prompt").asText()).startsWith("builtin:");
    assertThat(provenance.path("judge_system_prompt_sha256").asText())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(builtIn)));
  }

  @Test
  void unauthorized_exits4WithTheLoginToRenew_andScoresNoRun() throws Exception {
    script("auth", "{\"status\": 401, \"message\": \"OAuth token has expired\", \"times\": 0}");

    ScyllaProcess.Result result = scylla("auth", "--tiers", "T0", "--max-subtests", "1");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(result.stderr()).contains("renew the Claude login");
    assertThat(runResults("auth")).isEmpty();
    assertThat(ofKind(requests("auth"), "judge")).isEmpty();
  }

  @Test
  void rateLimited_pausesResumesAndScoresTheRunOnce() throws Exception {
    script(
        "rate",
        "{\"for\": \"agent\", \"status\": 429, \"headers\": {\"retry-after\": \"1\"}}",
        agentWritesAndRunsHelloPy(),
        judgeAnswer("0.8", 1));

    ScyllaProcess.Result result =
        scylla("rate", "--tiers", "T0", "--max-subtests", "1", "--rate-limit-pause", "1");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).contains("T0: PASS (score: 0.800");
    assertThat(runResults("rate")).hasSize(1);
    JsonNode checkpoint = JSON.readTree(experimentDir("rate").resolve("checkpoint.json").toFile());
    assertThat(checkpoint.path("pause_count").asInt()).isEqualTo(1);
    List<JsonNode> requests = requests("rate");
    assertThat(requests.get(0).path("answer").asInt()).isZero();
    assertThat(ofKind(requests, "judge")).hasSize(1);
    JsonNode run = JSON.readTree(onlyRun("rate").resolve("run_result.json").toFile());
    assertThat(run.path("judge_score").asDouble()).isEqualTo(0.8);
    assertThat(run.path("error").isNull()).isTrue();
  }

  @Test
  void usageLimit_theClisOwnResetTextPausesTheExperimentUntilTheResetTime() throws Exception {
    // A subscription limit: the CLI prints "You've hit your 5-hour limit · resets 10:34am (UTC)".
    long reset = System.currentTimeMillis() / 1000 + 90 * 60;
    script(
        "usage",
        "{\"status\": 429, \"times\": 0, \"headers\": {"
            + "\"anthropic-ratelimit-unified-status\": \"rejected\", "
            + "\"anthropic-ratelimit-unified-representative-claim\": \"five_hour\", "
            + "\"anthropic-ratelimit-unified-5h-status\": \"rejected\", "
            + "\"anthropic-ratelimit-unified-reset\": \""
            + reset
            + "\", \"anthropic-ratelimit-unified-5h-reset\": \""
            + reset
            + "\"}}");
    Path out = world.base.resolve("usage.out");
    Path err = world.base.resolve("usage.err");
    Process scylla =
        world
            .scylla(REPOSITORY)
            .start(out, err, args("usage", "--tiers", "T0", "--max-subtests", "1"));
    try {
      Instant start = Instant.now();
      JsonNode paused = null;
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (paused == null && scylla.isAlive() && System.nanoTime() < deadline) {
        JsonNode cp = checkpointQuietly("usage");
        if (cp != null && cp.path("status").asText().equals("paused_rate_limit")) {
          paused = cp;
        }
        Thread.sleep(200);
      }
      assertThat(paused).as("paused checkpoint; stderr: %s", Files.readString(err)).isNotNull();
      // Paused until the reset the CLI printed (minute precision) + 10 %.
      Instant until = Instant.parse(paused.path("rate_limit_until").asText());
      Duration toReset = Duration.between(start, Instant.ofEpochSecond(reset));
      assertThat(until)
          .isAfter(start.plus(toReset.minusMinutes(2)))
          .isBefore(start.plus(toReset.plus(toReset.dividedBy(10)).plusMinutes(2)));
      assertThat(Files.readString(err)).contains("hit your 5-hour limit");
    } finally {
      Host.sh("kill", "-INT", Long.toString(scylla.pid()));
      assertThat(scylla.waitFor(120, TimeUnit.SECONDS)).as("scylla ended after Ctrl-C").isTrue();
    }
    assertThat(scylla.exitValue()).isEqualTo(130);
    assertThat(runResults("usage")).isEmpty();
  }

  @Test
  void overloadedThenServerError_isRetriedOnceThenErrored_neverJudged() throws Exception {
    script(
        "infra",
        "{\"for\": \"agent\", \"status\": 529, \"message\": \"Overloaded\"}",
        "{\"for\": \"agent\", \"status\": 500, \"message\": \"Internal server error\", \"times\": 0}",
        judgeAnswer("0.9", 1));

    ScyllaProcess.Result result =
        scylla("infra", "--tiers", "T0", "--max-subtests", "1", "--infra-retries", "1");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    JsonNode run = JSON.readTree(onlyRun("infra").resolve("run_result.json").toFile());
    assertThat(run.path("error").asText())
        .contains("agent errored (server_error, retries used up)");
    assertThat(run.path("judge_score").isNull()).isTrue();
    assertThat(run.path("judges")).isEmpty();
    JsonNode agent = JSON.readTree(onlyRun("infra").resolve("agent/result.json").toFile());
    assertThat(agent.path("failure_kind").asText()).isEqualTo("server_error");
    List<JsonNode> requests = requests("infra");
    assertThat(ofKind(requests, "judge")).isEmpty();
    // The first attempt met the 529, the retry the 500s (which the CLI itself retries once).
    assertThat(requests.get(0).path("answer").asInt()).isZero();
    assertThat(requests.subList(1, requests.size())).allMatch(r -> r.path("answer").asInt() == 1);
  }

  @Test
  void tierTwo_toolsEnabledAreExactlyTheRequestsTools_andAnMcpServersToolsReachTheRequest()
      throws Exception {
    script(
        "t2",
        "{\"for\": \"agent\", \"text\": \"Nothing to do.\", \"times\": 0}",
        judgeAnswer("0.7", 0));

    ScyllaProcess.Result result =
        scylla(
            "t2",
            "--tiers",
            "T2",
            "--mount",
            shim + ":/opt/scylla-e2e:ro",
            "--env",
            "PATH=/opt/scylla-e2e:/opt/java/bin:/usr/local/bin:/usr/bin:/bin");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    List<JsonNode> toolsOnly = new ArrayList<>();
    List<JsonNode> withMcp = new ArrayList<>();
    for (JsonNode r : ofKind(requests("t2"), "agent")) {
      (r.path("cwd").asText().contains("/T2/01/") ? toolsOnly : withMcp).add(r);
    }
    assertThat(toolsOnly).hasSize(1);
    assertThat(names(toolsOnly.get(0).path("tool_names")))
        .containsExactlyInAnyOrder("Bash", "Read", "Write");
    assertThat(names(toolsOnly.get(0).path("mcp_names"))).isEmpty();
    // With the default tool set the CLI defers MCP tools behind its tool search: the server's
    // tool reaches the request by name, and the CLI reports the server connected.
    assertThat(withMcp).hasSize(1);
    assertThat(names(withMcp.get(0).path("mcp_names"))).contains("mcp__memory__scylla_e2e_echo");
    Path mcpRun = experimentDir("t2").resolve("T2/02/run_01");
    JsonNode init = jsonLines(mcpRun.resolve("agent/transcript.jsonl")).get(0);
    assertThat(names(init.path("tools"))).contains("mcp__memory__scylla_e2e_echo");
    assertThat(init.at("/mcp_servers/0/name").asText()).isEqualTo("memory");
    assertThat(init.at("/mcp_servers/0/status").asText()).isEqualTo("connected");
  }

  @Test
  void mainLayout_emptySystemPromptReachesTheApi_unstartableMcpServersEndPromptly()
      throws Exception {
    Path test = mainLayoutTest();
    script(
        "main",
        "{\"for\": \"agent\", \"text\": \"Nothing to do.\", \"times\": 0}",
        judgeAnswer("0.7", 0));

    Instant start = Instant.now();
    ScyllaProcess.Result result =
        world
            .scylla(REPOSITORY)
            .run(
                RUN_TIMEOUT,
                replaceTiersDir(
                    args(
                        "main",
                        "--repo",
                        world.fixture.resolve("repo.bundle").toString(),
                        "--commit",
                        "cbb835ae2e88f3211f7b742b284f814f6b7ef702"),
                    test));
    Duration took = Duration.between(start, Instant.now());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(runResults("main")).hasSize(ALL_OF_MAIN ? 105 : 3);
    for (Path runResult : runResults("main")) {
      // No errored run: the field says why a run errored, and is null otherwise.
      JsonNode run = JSON.readTree(runResult.toFile());
      assertThat(run.has("error")).as(runResult.toString()).isTrue();
      assertThat(run.path("error").isNull()).as(run.path("error").toString()).isTrue();
    }
    List<JsonNode> agentRequests = ofKind(requests("main"), "agent");
    JsonNode empty =
        agentRequests.stream()
            .filter(r -> r.path("cwd").asText().contains("/T0/00/"))
            .findFirst()
            .orElseThrow();
    JsonNode teams =
        agentRequests.stream()
            .filter(r -> r.path("cwd").asText().contains("/T4/08/"))
            .findFirst()
            .orElseThrow();
    // --system-prompt "": only the CLI's own two short blocks, not its ~29 KB default prompt.
    assertThat(empty.path("system_bytes").asInt()).isLessThan(1_000);
    assertThat(teams.path("system_bytes").asInt()).isGreaterThan(5_000);
    Path git = experimentDir("main").resolve("T2/06/run_01");
    assertThat(git.resolve("workspace/.claude/settings.json"))
        .content()
        .contains("\"@modelcontextprotocol/servers/git\"");
    // The settings name a server nothing can start offline; the strict empty configuration keeps
    // the CLI from trying it.
    JsonNode init = jsonLines(git.resolve("agent/transcript.jsonl")).get(0);
    assertThat(init.path("subtype").asText()).isEqualTo("init");
    assertThat(init.has("mcp_servers")).as(init.toString()).isTrue();
    assertThat(init.path("mcp_servers")).isEmpty();
    assertThat(experimentDir("main").resolve("T4/08/run_01/workspace/.claude/settings.json"))
        .content()
        .contains("CLAUDE_CODE_EXPERIMENTAL_AGENT_TEAMS");
    System.out.printf(
        "main-layout test-001, %d sub-tests with the real CLI: %ds%n",
        runResults("main").size(), took.toSeconds());
  }

  /**
   * By hand, {@code SCYLLA_E2E_MAIN_ALL=true} runs every sub-test of T0–T4 and T6 of main's
   * test-001 (105 runs, several minutes) instead of three.
   */
  private static final boolean ALL_OF_MAIN = "true".equals(System.getenv("SCYLLA_E2E_MAIN_ALL"));

  /**
   * ProjectScylla main's test-001 with a catalogue of three of its sub-tests: T0/00 (empty system
   * prompt), T2/06 (git MCP server) and T4/08 (agent teams); or of all of T0–T4 and T6.
   */
  private static Path mainLayoutTest() throws IOException {
    Path main = EndToEndFixture.REPO_ROOT.resolve("../shared/fixtures/scylla-ref/main/tests");
    Path root = world.work.resolve("main/tests");
    Path test = root.resolve("fixtures/tests/test-001");
    Host.copyTree(main.resolve("fixtures/tests/test-001"), test);
    Path testYaml = test.resolve("test.yaml");
    Path shared = root.resolve("claude-code/shared");
    Host.copyTree(main.resolve("claude-code/shared/blocks"), shared.resolve("blocks"));
    Host.copyTree(main.resolve("claude-code/shared/agents"), shared.resolve("agents"));
    Files.copy(main.resolve("claude-code/shared/tiers.yaml"), shared.resolve("tiers.yaml"));
    if (ALL_OF_MAIN) {
      for (String tier : List.of("t0", "t1", "t2", "t3", "t4", "t6")) {
        Host.copyTree(
            main.resolve("claude-code/shared/subtests").resolve(tier),
            shared.resolve("subtests").resolve(tier));
      }
      Files.writeString(testYaml, Files.readString(testYaml).replaceAll("(?m)^  - T5.*\\n", ""));
      return test;
    }
    Files.writeString(testYaml, Files.readString(testYaml).replaceAll("(?m)^  - T[1356].*\\n", ""));
    for (String entry :
        List.of("t0/00-empty.yaml", "t2/06-git-mcp.yaml", "t4/08-chief-architect-teams.yaml")) {
      Path target = shared.resolve("subtests").resolve(entry);
      Files.createDirectories(target.getParent());
      Files.copy(main.resolve("claude-code/shared/subtests").resolve(entry), target);
    }
    return test;
  }

  private static String[] replaceTiersDir(String[] args, Path tiersDir) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--tiers-dir")) {
        args[i + 1] = tiersDir.toString();
      }
    }
    return args;
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(n -> names.add(n.asText()));
    return names;
  }

  @Test
  void shell_withNetworkContainer_sharesTheSidecarsLoopback() throws Exception {
    String name = "scylla-e2e-realcli-shell-" + ProcessHandle.current().pid();
    ScyllaProcess scylla = world.scylla(REPOSITORY);
    try {
      ScyllaProcess.Result probe =
          scylla.run(
              RUN_TIMEOUT,
              "shell",
              name,
              "--network",
              "container:" + sidecar,
              "--",
              "python3",
              "-c",
              "import urllib.request as u\n"
                  + "try:\n"
                  + "    u.urlopen('http://127.0.0.1:"
                  + PORT
                  + "/')\n"
                  + "except Exception as e:\n"
                  + "    print(getattr(e, 'code', e))");
      assertThat(probe.exitCode()).as(probe.toString()).isZero();
      // The scripted API answers GET with 404: the shell reached it on its own loopback.
      assertThat(probe.stdout().strip()).isEqualTo("404");
    } finally {
      ScyllaProcess.Result removed = scylla.run(RUN_TIMEOUT, "shell", "--rm", name);
      assertThat(removed.exitCode()).as(removed.toString()).isZero();
    }
  }

  // --- scenario helpers ------------------------------------------------------------------------

  private static String agentWritesAndRunsHelloPy() {
    String usage = ", \"usage\": {\"input_tokens\": 1000, \"output_tokens\": 200}";
    return "{\"for\": \"agent\", \"tool_use\": {\"name\": \"Write\", \"input\": {\"file_path\":"
        + " \"{cwd}/hello.py\", \"content\": \"print(\\\"Hello, World!\\\")\"}}"
        + usage
        + "},\n{\"for\": \"agent\", \"tool_use\": {\"name\": \"Bash\", \"input\": {\"command\":"
        + " \"python3 hello.py\", \"description\": \"Run hello.py\"}}"
        + usage
        + "},\n{\"for\": \"agent\", \"text\": \"Created hello.py; it prints Hello, World!\""
        + usage
        + "}";
  }

  private static String judgeAnswer(String score, int times) {
    String verdict =
        "{\"score\": "
            + score
            + ", \"passed\": true, \"grade\": \"A\", \"reasoning\": \"hello.py exists and prints"
            + " the greeting\", \"categories\": {\"functional\": {\"score\": 1.0, \"explanation\":"
            + " \"F1 and F2 hold\"}, \"proportionality\": {\"score\": 0.7, \"explanation\":"
            + " \"one file\"}}}";
    try {
      return "{\"for\": \"judge\", \"times\": "
          + times
          + ", \"text\": "
          + JSON.writeValueAsString(verdict)
          + "}";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the sidecar's script atomically: the next request starts on its first answer. */
  private static void script(String name, String... answers) throws IOException {
    String text =
        "{\"name\": \"" + name + "\", \"answers\": [\n" + String.join(",\n", answers) + "\n]}\n";
    JSON.readTree(text); // a broken script fails here, not as a puzzling run
    Path tmp = state.resolve("script.json.tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, state.resolve("script.json"), StandardCopyOption.ATOMIC_MOVE);
  }

  private static ScyllaProcess.Result scylla(String id, String... extra) throws Exception {
    return world.scylla(REPOSITORY).run(RUN_TIMEOUT, args(id, extra));
  }

  /** The experiment's checkpoint, or null while it is not written yet. */
  private static JsonNode checkpointQuietly(String id) {
    try {
      return JSON.readTree(experimentDir(id).resolve("checkpoint.json").toFile());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String[] args(String id, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--tiers-dir",
                world.fixture.toString(),
                "--runs",
                "1",
                "--experiment-id",
                id,
                "--results-dir",
                "results-" + id,
                "--model",
                AGENT_MODEL,
                "--network",
                "container:" + sidecar,
                "--env",
                "ANTHROPIC_BASE_URL=http://127.0.0.1:" + PORT,
                "--env",
                "CLAUDE_CODE_MAX_RETRIES=0",
                "-v"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  private static List<JsonNode> requests(String name) throws IOException {
    Path log = state.resolve("requests-" + name + ".jsonl");
    return Files.exists(log) ? jsonLines(log) : List.of();
  }

  private static List<JsonNode> ofKind(List<JsonNode> requests, String kind) {
    return requests.stream()
        .filter(r -> r.path("path").asText().startsWith("/v1/messages"))
        .filter(r -> r.path("kind").asText().equals(kind))
        .toList();
  }

  private static Path experimentDir(String id) throws IOException {
    try (Stream<Path> dirs = Files.list(world.work.resolve("results-" + id))) {
      return dirs.filter(p -> p.getFileName().toString().endsWith("-" + id))
          .findFirst()
          .orElseThrow();
    }
  }

  private static List<Path> runResults(String id) throws IOException {
    Path root = world.work.resolve("results-" + id);
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.getFileName().toString().equals("run_result.json")).toList();
    }
  }

  private static Path onlyRun(String id) throws IOException {
    List<Path> runs = runResults(id);
    assertThat(runs).hasSize(1);
    return runs.get(0).getParent();
  }

  private static List<JsonNode> jsonLines(Path file) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }

  /** The names of the tools the assistant called, in order. */
  private static List<String> toolUses(List<JsonNode> events) {
    List<String> names = new ArrayList<>();
    for (JsonNode e : events) {
      if (e.path("type").asText().equals("assistant")) {
        for (JsonNode block : e.at("/message/content")) {
          if (block.path("type").asText().equals("tool_use")) {
            names.add(block.path("name").asText());
          }
        }
      }
    }
    return names;
  }

  /** Adds a T2 with a tools-only sub-test and an MCP sub-test to the copied example. */
  private static void addTierTwo(Path fixture) throws IOException {
    Path testYaml = fixture.resolve("test.yaml");
    Files.writeString(
        testYaml,
        Files.readString(testYaml).replace("tiers:\n  - T0\n", "tiers:\n  - T0\n  - T2\n"));
    Path tools = Files.createDirectories(fixture.resolve("t2/01-tools"));
    Files.writeString(
        tools.resolve("config.yaml"),
        "name: Three tools\ndescription: Read, Write and Bash only\nextends_previous: false\n"
            + "tools:\n  enabled: [Read, Write, Bash]\n");
    Path mcp = Files.createDirectories(fixture.resolve("t2/02-mcp"));
    Files.writeString(
        mcp.resolve("config.yaml"),
        "name: One MCP server\ndescription: the memory server\nextends_previous: false\n"
            + "mcp_servers:\n  - name: memory\n");
  }

  private static void copyResource(String name, Path target) throws IOException {
    Files.write(target, resource(name));
  }

  private static byte[] resource(String name) throws IOException {
    try (var in = RealClaudeCodeIT.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  private static void awaitFile(Path file, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!Files.exists(file)) {
      if (System.nanoTime() > deadline) {
        String logs = Host.sh("docker", "logs", sidecar);
        throw new AssertionError("the scripted API did not start within " + limit + ":\n" + logs);
      }
      Thread.sleep(100);
    }
  }
}
