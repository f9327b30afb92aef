package dev.scylla.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.model.ModelUsage;
import dev.scylla.core.model.TokenStats;
import dev.scylla.core.results.ResultsLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Drives the Claude Code CLI: {@code claude --print --output-format json --model M
 * --dangerously-skip-permissions [--max-turns N] [--tools A,B] [--mcp-config FILE
 * --strict-mcp-config]} in the working directory, the prompt on stdin. Saves the prompt, stdout,
 * stderr and a {@code replay.sh} that reproduces the call in the request's log directory.
 */
public final class ClaudeCodeAdapter implements AgentAdapter {
  private static final ObjectMapper JSON = ScyllaJson.mapper();
  private static final Map<String, String> FIXED_ENV =
      Map.of("DISABLE_AUTOUPDATER", "1", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");

  private final String binary;
  private final Map<String, String> environment;

  private ClaudeCodeAdapter(String binary, Map<String, String> environment) {
    this.binary = binary;
    this.environment = Map.copyOf(environment);
  }

  /** An adapter running {@code claude} from the PATH. */
  public static ClaudeCodeAdapter create() {
    return builder().build();
  }

  /** A builder to choose the binary and extra environment variables. */
  public static Builder builder() {
    return new Builder();
  }

  /** Options of a {@link ClaudeCodeAdapter}. */
  public static final class Builder {
    private String binary = "claude";
    private final Map<String, String> environment = new HashMap<>();

    private Builder() {}

    /** The CLI to run: a name looked up on the PATH or a path; default {@code claude}. */
    public Builder binary(String binary) {
      this.binary = Objects.requireNonNull(binary, "binary");
      return this;
    }

    /** An extra environment variable for the child; its value is never written to logs. */
    public Builder environment(String name, String value) {
      environment.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
      return this;
    }

    /** Builds the adapter. */
    public ClaudeCodeAdapter build() {
      return new ClaudeCodeAdapter(binary, environment);
    }
  }

  @Override
  public String name() {
    return "claude-code";
  }

  /** The command line for a request, without the prompt (which goes to stdin). */
  List<String> command(AgentRequest request) {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary);
    cmd.add("--print");
    cmd.add("--output-format");
    cmd.add("json");
    cmd.add("--model");
    cmd.add(request.model());
    cmd.add("--dangerously-skip-permissions");
    if (request.maxTurns() != null) {
      cmd.add("--max-turns");
      cmd.add(String.valueOf(request.maxTurns()));
    }
    if (request.tools() != null) {
      // --allowedTools restricts nothing under --dangerously-skip-permissions; --tools does.
      cmd.add("--tools");
      cmd.add(String.join(",", request.tools()));
    }
    if (request.mcpConfig() != null) {
      cmd.add("--mcp-config");
      cmd.add(request.mcpConfig().toAbsolutePath().toString());
      cmd.add("--strict-mcp-config");
    }
    return cmd;
  }

  @Override
  public AgentOutcome run(AgentRequest request) throws InterruptedException {
    Path logs = request.logDirectory();
    List<String> cmd = command(request);
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.putAll(FIXED_ENV);
    ProcessRunner.Result result;
    try {
      Files.createDirectories(logs);
      Path promptFile = logs.resolve(ResultsLayout.ADAPTER_PROMPT);
      Files.writeString(promptFile, request.prompt(), StandardCharsets.UTF_8);
      writeReplay(
          logs.resolve(ResultsLayout.ADAPTER_REPLAY), cmd, request.workingDirectory(), promptFile);
      result =
          ProcessRunner.run(
              cmd,
              request.workingDirectory(),
              env,
              request.prompt(),
              request.timeout(),
              logs.resolve(ResultsLayout.ADAPTER_STDOUT),
              logs.resolve(ResultsLayout.ADAPTER_STDERR));
    } catch (IOException e) {
      throw new AgentException(
          "could not run '"
              + binary
              + "' in "
              + request.workingDirectory()
              + ": "
              + e.getMessage()
              + " (install the Claude Code CLI or point the adapter at it)",
          e);
    }
    double seconds = result.duration().toNanos() / 1e9;
    if (result.timedOut()) {
      return AgentOutcome.failure(
          -1,
          true,
          "timed out after " + request.timeout().toSeconds() + "s; process tree killed",
          seconds,
          result.stderr());
    }
    return parse(result.stdout(), result.exitCode(), seconds, result.stderr());
  }

  /**
   * Parses the {@code --output-format json} output: one result object, or the array that {@code
   * --verbose} prints, whose last {@code result} element is the result.
   */
  static AgentOutcome parse(String stdout, int exitCode, double seconds, String stderr) {
    JsonNode root;
    try {
      root = JSON.readTree(stdout.strip());
    } catch (IOException e) {
      root = null;
    }
    if (root != null && root.isArray()) {
      JsonNode last = null;
      for (JsonNode element : root) {
        if ("result".equals(element.path("type").asText())) {
          last = element;
        }
      }
      root = last;
    }
    if (root == null || !root.isObject()) {
      String head = stdout.strip();
      head = head.length() > 300 ? head.substring(0, 300) + "..." : head;
      return AgentOutcome.failure(
          exitCode,
          false,
          "unparseable output (exit " + exitCode + "): " + (head.isEmpty() ? "<empty>" : head),
          seconds,
          stderr);
    }
    String subtype = root.hasNonNull("subtype") ? root.get("subtype").asText() : null;
    boolean isError =
        root.path("is_error").asBoolean(false) || !"success".equals(subtype) || exitCode != 0;
    JsonNode usage = root.path("usage");
    Map<String, ModelUsage> models = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = root.path("modelUsage").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode m = e.getValue();
      models.put(
          e.getKey(),
          new ModelUsage(
              new TokenStats(
                  m.path("inputTokens").asLong(0),
                  m.path("outputTokens").asLong(0),
                  m.path("cacheCreationInputTokens").asLong(0),
                  m.path("cacheReadInputTokens").asLong(0)),
              m.hasNonNull("costUSD") ? m.get("costUSD").asDouble() : null));
    }
    return new AgentOutcome(
        exitCode,
        false,
        isError,
        subtype,
        root.hasNonNull("result") ? root.get("result").asText() : "",
        usage.path("input_tokens").asLong(0),
        usage.path("output_tokens").asLong(0),
        usage.path("cache_creation_input_tokens").asLong(0),
        usage.path("cache_read_input_tokens").asLong(0),
        root.hasNonNull("total_cost_usd") ? root.get("total_cost_usd").asDouble() : null,
        models,
        seconds,
        root.hasNonNull("num_turns") ? root.get("num_turns").asInt() : null,
        root.hasNonNull("session_id") ? root.get("session_id").asText() : null,
        stderr);
  }

  private void writeReplay(Path file, List<String> cmd, Path workDir, Path promptFile)
      throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("#!/usr/bin/env bash\n");
    sb.append("# Reproduces the call: same directory, same arguments, the prompt on stdin.\n");
    if (!environment.isEmpty()) {
      sb.append("# The original call also set: ")
          .append(String.join(" ", new java.util.TreeSet<>(environment.keySet())))
          .append('\n');
    }
    sb.append("set -euo pipefail\n");
    sb.append("cd ").append(quote(workDir.toAbsolutePath().toString())).append('\n');
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(FIXED_ENV).entrySet()) {
      sb.append("export ").append(e.getKey()).append('=').append(e.getValue()).append('\n');
    }
    sb.append("exec");
    for (String arg : cmd) {
      sb.append(' ').append(quote(arg));
    }
    sb.append(" < ").append(quote(promptFile.toAbsolutePath().toString())).append('\n');
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException e) {
      // Non-POSIX file systems: the script still runs with `bash replay.sh`.
    }
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\"'\"'") + "'";
  }
}
