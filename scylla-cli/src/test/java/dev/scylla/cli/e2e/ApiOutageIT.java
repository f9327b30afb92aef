package dev.scylla.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Claude Code CLI in the runner image against a scripted Messages API that the test takes
 * away and brings back. A holder container owns the network namespace; the API ({@code
 * e2e/messages_api.py}) and the runner both join it, so the API can stop (connections to it are
 * then refused, as with a real outage) and start again while the runner's loopback stays. The CLI's
 * own retries are off ({@code CLAUDE_CODE_MAX_RETRIES=0}) so a refused call ends at once.
 */
class ApiOutageIT {
  private static final String REPOSITORY = Host.repository("scylla-e2e-outage");
  private static final int PORT = 8080;
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(40);
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static EndToEndFixture world;
  private static String image;
  private static Path state;
  private static String holder;
  private static String api;

  @BeforeAll
  static void imageAndHolder() throws Exception {
    Host.removeImages(REPOSITORY);
    world = new EndToEndFixture(null);
    ScyllaProcess.Result built = world.scylla(REPOSITORY).run(BUILD_TIMEOUT, "image", "build");
    assertThat(built.exitCode()).as(built.toString()).isZero();
    image = built.stdout().strip().split("\\s+")[0];
    state = Files.createDirectories(world.base.resolve("api"));
    try (var in = ApiOutageIT.class.getResourceAsStream("/e2e/messages_api.py")) {
      Files.copy(in, state.resolve("messages_api.py"));
    }
    holder = "scylla-e2e-holder-" + UUID.randomUUID().toString().substring(0, 8);
    Host.sh(
        "docker",
        "run",
        "-d",
        "--name",
        holder,
        "--label",
        "dev.scylla.e2e=api-holder",
        "--network",
        "none",
        "--entrypoint",
        "sleep",
        image,
        "infinity");
  }

  @AfterAll
  static void cleanUp() throws Exception {
    try {
      stopApi();
      if (holder != null) {
        new ProcessBuilder("docker", "rm", "-f", holder)
            .redirectErrorStream(true)
            .start()
            .waitFor();
        assertThat(Host.allContainers()).doesNotContain(holder);
      }
    } finally {
      Host.removeImages(REPOSITORY);
      if (world != null) {
        world.close();
      }
    }
  }

  /** Starts the scripted API in the holder's network namespace and waits until it listens. */
  private static void startApi() throws Exception {
    Files.deleteIfExists(state.resolve("ready"));
    api = "scylla-e2e-api-" + UUID.randomUUID().toString().substring(0, 8);
    Host.sh(
        "docker",
        "run",
        "-d",
        "--name",
        api,
        "--label",
        "dev.scylla.e2e=messages-api",
        "--network",
        "container:" + holder,
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
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!Files.exists(state.resolve("ready"))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the scripted API did not start:\n" + Host.sh("docker", "logs", api));
      }
      Thread.sleep(100);
    }
  }

  /** Takes the API away: connections to it are refused from now on. */
  private static void stopApi() throws Exception {
    if (api != null) {
      new ProcessBuilder("docker", "rm", "-f", api).redirectErrorStream(true).start().waitFor();
      api = null;
    }
  }

  @Test
  void outageLongerThanMaxOutage_endsWithExit3_thenTheSameCommandScoresEveryRunOnce()
      throws Exception {
    script("long", agentAnswers(), judgeVerdict());
    stopApi();

    ScyllaProcess.Result stopped = scylla("long", "--max-outage", "20");

    assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(3);
    assertThat(stopped.stderr()).contains("unreachable since", "--max-outage");
    assertThat(scoredRuns("long")).isEmpty();
    assertThat(checkpoint("long").path("status").asText()).isEqualTo("interrupted");

    startApi();
    ScyllaProcess.Result resumed = scylla("long", "--max-outage", "20");

    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(scoredRuns("long")).hasSize(2);
    // Each run's agent was answered once, and judged once.
    assertThat(ofKind(requests("long"), "agent")).hasSize(2);
    assertThat(ofKind(requests("long"), "judge")).hasSize(2);
  }

  @Test
  void outageThatEndsByItself_pausesThenScoresEveryRun_noAnsweredAgentCallRepeated()
      throws Exception {
    script("heals", agentAnswers(), judgeVerdict());
    stopApi();
    Path out = Files.createTempFile(world.tmp, "out", ".txt");
    Path err = Files.createTempFile(world.tmp, "err", ".txt");
    Process scylla = world.scylla(REPOSITORY).start(out, err, args("heals"));
    try {
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (!checkpointQuietly("heals").path("status").asText().equals("paused_api_unreachable")) {
        assertThat(System.nanoTime()).as("paused within 3 minutes").isLessThan(deadline);
        assertThat(scylla.isAlive()).as(Files.readString(err)).isTrue();
        Thread.sleep(500);
      }
      startApi();
      assertThat(scylla.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    } finally {
      scylla.destroyForcibly();
    }
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(scylla.exitValue()).as(stderr).isZero();
    assertThat(stderr).contains("API unreachable since").contains("API reachable again");
    assertThat(scoredRuns("heals")).hasSize(2);
    assertThat(ofKind(requests("heals"), "agent")).hasSize(2);
    assertThat(ofKind(requests("heals"), "judge")).hasSize(2);
  }

  @Test
  void agentErroredOnTheApi_isNeverJudged_andTheSameCommandRunsItAgain() throws Exception {
    startIfStopped();
    // The first agent call meets a 500; every later one is answered.
    script(
        "errored",
        "{\"for\": \"agent\", \"status\": 500, \"times\": 1}",
        agentAnswers(),
        judgeVerdict());

    ScyllaProcess.Result first = scylla("errored", "--infra-retries", "0", "--parallel", "1");

    assertThat(first.exitCode()).as(first.toString()).isEqualTo(1);
    JsonNode errored = runResult("errored", "T0/00/run_01");
    assertThat(errored.path("judge_score").isNull()).isTrue();
    assertThat(errored.path("judges").size()).isZero();
    assertThat(errored.path("error").asText()).startsWith("agent errored (server_error");
    assertThat(ofKind(requests("errored"), "judge")).hasSize(1);
    assertThat(checkpoint("errored").at("/completed_runs/T0/00/1").asText()).isEqualTo("errored");

    ScyllaProcess.Result resumed = scylla("errored", "--infra-retries", "0", "--parallel", "1");

    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(scoredRuns("errored")).hasSize(2);
    assertThat(ofKind(requests("errored"), "agent")).hasSize(3);
    assertThat(ofKind(requests("errored"), "judge")).hasSize(2);
  }

  @Test
  void proseJudgeAnswers_areAskedAgain_eachTryInTheJudgesTranscript() throws Exception {
    startIfStopped();
    script(
        "prose",
        agentAnswers(),
        "{\"for\": \"judge\", \"text\": \"It looks fine to me, I would pass it.\", \"times\": 2}",
        judgeVerdict());

    ScyllaProcess.Result result = scylla("prose", "--max-subtests", "1");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode run = runResult("prose", "T0/00/run_01");
    assertThat(run.path("judge_score").asDouble()).isEqualTo(0.8);
    assertThat(ofKind(requests("prose"), "judge")).hasSize(3);
    String transcript =
        Files.readString(
            experimentDir("prose").resolve("T0/00/run_01/judge/judge_01/transcript.jsonl"));
    assertThat(transcript).contains("\"scylla_judge_try\",\"try\":2", "\"try\":3");
  }

  @Test
  void untilAgentComplete_runsTheAgentsOnly_thenTheSameCommandJudgesThem() throws Exception {
    startIfStopped();
    script("phases", agentAnswers(), judgeVerdict());

    ScyllaProcess.Result agents = scylla("phases", "--until", "agent_complete");

    assertThat(agents.exitCode()).as(agents.toString()).isZero();
    assertThat(agents.stdout()).contains("Awaiting judgment: 2 runs");
    assertThat(ofKind(requests("phases"), "judge")).isEmpty();

    ScyllaProcess.Result judged = scylla("phases");

    assertThat(judged.exitCode()).as(judged.toString()).isZero();
    assertThat(scoredRuns("phases")).hasSize(2);
    assertThat(ofKind(requests("phases"), "agent")).hasSize(2);
    assertThat(ofKind(requests("phases"), "judge")).hasSize(2);
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static void startIfStopped() throws Exception {
    if (api == null) {
      startApi();
    }
  }

  private static String agentAnswers() {
    return "{\"for\": \"agent\", \"text\": \"Nothing to change.\", \"times\": 0}";
  }

  private static String judgeVerdict() throws IOException {
    String verdict =
        "{\"score\": 0.8, \"passed\": true, \"grade\": \"A\", \"reasoning\": \"fine\","
            + " \"categories\": {\"functional\": {\"score\": 0.8, \"explanation\": \"ok\"}}}";
    return "{\"for\": \"judge\", \"times\": 0, \"text\": " + JSON.writeValueAsString(verdict) + "}";
  }

  /** Writes the API's script atomically; it is read again by a restarted API too. */
  private static void script(String name, String... answers) throws IOException {
    String text =
        "{\"name\": \"" + name + "\", \"answers\": [\n" + String.join(",\n", answers) + "\n]}\n";
    JSON.readTree(text);
    Path tmp = state.resolve("script.json.tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, state.resolve("script.json"), StandardCopyOption.ATOMIC_MOVE);
  }

  private static ScyllaProcess.Result scylla(String id, String... extra) throws Exception {
    return world.scylla(REPOSITORY).run(RUN_TIMEOUT, args(id, extra));
  }

  private static String[] args(String id, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--tiers-dir",
                world.fixture.toString(),
                "--tiers",
                "T0",
                "--runs",
                "1",
                "--experiment-id",
                id,
                "--results-dir",
                "results-" + id,
                "--network",
                "container:" + holder,
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
    List<JsonNode> nodes = new ArrayList<>();
    if (Files.exists(log)) {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          nodes.add(JSON.readTree(line));
        }
      }
    }
    return nodes;
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

  private static JsonNode checkpoint(String id) throws IOException {
    return JSON.readTree(experimentDir(id).resolve("checkpoint.json").toFile());
  }

  private static JsonNode checkpointQuietly(String id) {
    try {
      return checkpoint(id);
    } catch (IOException | RuntimeException e) {
      return JSON.createObjectNode();
    }
  }

  private static JsonNode runResult(String id, String run) throws IOException {
    return JSON.readTree(experimentDir(id).resolve(run).resolve("run_result.json").toFile());
  }

  /** The runs with a score from a verdict. */
  private static List<JsonNode> scoredRuns(String id) throws IOException {
    Path root = world.work.resolve("results-" + id);
    List<JsonNode> scored = new ArrayList<>();
    if (!Files.exists(root)) {
      return scored;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p :
          files.filter(f -> f.getFileName().toString().equals("run_result.json")).toList()) {
        JsonNode run = JSON.readTree(p.toFile());
        if (!run.path("judge_score").isNull() && !run.path("judge_score").isMissingNode()) {
          scored.add(run);
        }
      }
    }
    return scored;
  }
}
