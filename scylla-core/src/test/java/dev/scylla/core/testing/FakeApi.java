package dev.scylla.core.testing;

import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentOutcome;
import dev.scylla.core.agent.AgentRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An agent and judge whose API can be taken down and brought back by the test. While it is down,
 * every call ends as the real Claude Code CLI ends after its retries ({@code API Error: Connection
 * refused ... (ECONNREFUSED)}, {@code terminal_reason: api_error}, no HTTP status) and {@link
 * #reachable()} says no. While it is up, the agent writes {@code hello.py} and the judge answers a
 * verdict, or prose for as many answers as the test asks. Every call is recorded.
 */
public final class FakeApi implements AgentAdapter {
  /** The result text of the real CLI when the API refused the connection. */
  public static final String REFUSED =
      "API Error: Connection refused — a firewall or proxy may be blocking it (ECONNREFUSED)";

  /** What the real CLI says when the API answered 500. */
  public static final String SERVER_ERROR =
      "API Error: 500 Internal server error. This is a server-side issue, usually temporary";

  /** Whether the API answers. */
  public final AtomicBoolean up = new AtomicBoolean(true);

  /** Whether judge calls reach the API (agent calls follow {@link #up} alone). */
  public final AtomicBoolean judgesUp = new AtomicBoolean(true);

  /** Judge models whose calls do not reach the API. */
  public final Set<String> unreachableJudgeModels = ConcurrentHashMap.newKeySet();

  /** How many judge answers to come are prose without a verdict. */
  public final AtomicInteger proseAnswers = new AtomicInteger();

  /** Runs ({@code T0/00/1}) whose agent calls the API answers with a 500. */
  public final Set<String> failingRuns = ConcurrentHashMap.newKeySet();

  /** Every call: {@code agent T0/00/1 answered}, {@code judge T0/00/1 refused}... */
  public final List<String> calls = new CopyOnWriteArrayList<>();

  /** Every judge prompt, in call order. */
  public final List<String> judgePrompts = new CopyOnWriteArrayList<>();

  /** How long a call that reaches nothing takes (the CLI's retries, shortened). */
  private final long refusedMillis;

  /** A fake API whose failed calls take {@code refusedMillis}. */
  public FakeApi(long refusedMillis) {
    this.refusedMillis = refusedMillis;
  }

  @Override
  public String name() {
    return "fake-api";
  }

  @Override
  public boolean reachable() {
    return up.get();
  }

  /** The agent calls the API answered, for one run key or all ({@code null}). */
  public long answeredAgentCalls(String run) {
    return calls.stream()
        .filter(c -> c.startsWith("agent ") && c.endsWith(" answered"))
        .filter(c -> run == null || c.startsWith("agent " + run + " "))
        .count();
  }

  /** The judge calls that reached the API for one run key or all ({@code null}). */
  public long answeredJudgeCalls(String run) {
    return calls.stream()
        .filter(c -> c.startsWith("judge ") && !c.endsWith(" refused"))
        .filter(c -> run == null || c.startsWith("judge " + run + " "))
        .count();
  }

  @Override
  public AgentOutcome run(AgentRequest request) throws InterruptedException {
    String key = request.tierId() + "/" + request.subTestId() + "/" + request.runNumber();
    boolean judge = request.role() == AgentRequest.Role.JUDGE;
    String who = judge ? "judge" : "agent";
    if (!up.get()
        || (judge && (!judgesUp.get() || unreachableJudgeModels.contains(request.model())))) {
      Thread.sleep(refusedMillis);
      calls.add(who + " " + key + " refused");
      return failure(REFUSED);
    }
    if (judge) {
      judgePrompts.add(request.prompt());
      if (proseAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        calls.add("judge " + key + " prose");
        return success("I looked at the work and I think it deserves to pass, it seems fine.");
      }
      calls.add("judge " + key + " verdict");
      return success(
          "{\"score\": 0.9, \"passed\": true, \"grade\": \"A\", \"reasoning\": \"hello.py ok\","
              + " \"categories\": {\"functional\": {\"score\": 0.9, \"explanation\": \"ok\"}}}");
    }
    try {
      // Work that a failed attempt leaves behind: a retry must start from a fresh workspace.
      Path marker = request.workingDirectory().resolve("attempt-marker.txt");
      if (Files.exists(marker)) {
        calls.add("agent " + key + " dirty-workspace");
      }
      Files.writeString(marker, key);
      if (failingRuns.contains(key)) {
        calls.add("agent " + key + " server_error");
        return failure(SERVER_ERROR);
      }
      Files.writeString(request.workingDirectory().resolve("hello.py"), "print('Hello, World!')\n");
      Files.delete(marker);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    calls.add("agent " + key + " answered");
    return success("Created hello.py");
  }

  private static AgentOutcome failure(String text) {
    // The kind is left to the engine, which reads it from the text as it does for such output.
    return AgentOutcome.builder()
        .exitCode(1)
        .error(true)
        .subtype("success")
        .resultText(text)
        .durationSeconds(0.1)
        .numTurns(1)
        .build();
  }

  private static AgentOutcome success(String text) {
    return AgentOutcome.builder()
        .exitCode(0)
        .subtype("success")
        .resultText(text)
        .tokens(100, 20)
        .totalCostUsd(0.01)
        .durationSeconds(0.1)
        .numTurns(1)
        .build();
  }
}
