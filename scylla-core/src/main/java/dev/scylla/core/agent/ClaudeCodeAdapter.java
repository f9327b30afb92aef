package dev.scylla.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.model.ModelUsage;
import dev.scylla.core.model.TokenStats;
import dev.scylla.core.results.ResultsLayout;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Drives the Claude Code CLI: {@code claude --print --output-format stream-json --verbose --model M
 * --dangerously-skip-permissions [--max-turns N] [--tools A,B] [--system-prompt TEXT] [--agent
 * NAME] [--mcp-config FILE --strict-mcp-config]} in the working directory, the prompt on stdin. The
 * whole event stream is kept as {@code transcript.jsonl} (at most {@link #MAX_TRANSCRIPT_BYTES}),
 * its final {@code result} event is the outcome. Also saves the prompt, stderr and a {@code
 * replay.sh} that reproduces the call in the request's log directory.
 */
public final class ClaudeCodeAdapter implements AgentAdapter {
  private static final ObjectMapper JSON = ScyllaJson.mapper();
  private static final Map<String, String> FIXED_ENV =
      Map.of("DISABLE_AUTOUPDATER", "1", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");

  /**
   * The largest transcript kept: beyond it the middle of the stream is cut (the start, a marker
   * line and the final {@code result} event stay). 16 MiB holds hours of tool calls; the CLI
   * already shortens long tool output.
   */
  public static final long MAX_TRANSCRIPT_BYTES = 16L << 20;

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

  /**
   * Asks the Messages API whether it answers: a {@code HEAD} of {@code
   * $ANTHROPIC_BASE_URL/v1/messages} (the adapter's environment first, then the process's, else
   * {@code https://api.anthropic.com}), at most {@link #PROBE_TIMEOUT}. Any HTTP answer below 500
   * is an API that answers (a {@code 401} or {@code 405} included); 5xx, 529, a refused or reset
   * connection, a name that does not resolve and a timeout are not. A failed TLS handshake counts
   * as an answer: a server is there, and the CLI trusts certificates this JVM may not know. It
   * costs no tokens. An {@code HTTPS_PROXY} in the environment is used for an https URL.
   */
  @Override
  public boolean reachable() throws InterruptedException {
    String base = setting("ANTHROPIC_BASE_URL");
    if (base == null || base.isBlank()) {
      base = "https://api.anthropic.com";
    }
    URI uri;
    try {
      uri = URI.create(base.replaceAll("/+$", "") + "/v1/messages");
    } catch (IllegalArgumentException e) {
      return false;
    }
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT);
    String proxy = "https".equals(uri.getScheme()) ? setting("HTTPS_PROXY") : setting("HTTP_PROXY");
    if (proxy != null && !proxy.isBlank()) {
      try {
        URI p = URI.create(proxy.contains("://") ? proxy : "http://" + proxy);
        client.proxy(
            ProxySelector.of(
                new InetSocketAddress(p.getHost(), p.getPort() > 0 ? p.getPort() : 80)));
      } catch (IllegalArgumentException e) {
        // A proxy setting this JVM cannot read: probe directly.
      }
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(PROBE_TIMEOUT)
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      int status =
          client.build().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status < 500;
    } catch (javax.net.ssl.SSLException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** How long {@link #reachable()} waits for the API. */
  public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

  private String setting(String name) {
    String v = environment.get(name);
    if (v == null) {
      v = environment.get(name.toLowerCase(java.util.Locale.ROOT));
    }
    if (v == null) {
      v = System.getenv(name);
    }
    if (v == null) {
      v = System.getenv(name.toLowerCase(java.util.Locale.ROOT));
    }
    return v;
  }

  /** The command line for a request, without the prompt (which goes to stdin). */
  List<String> command(AgentRequest request) {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary);
    cmd.add("--print");
    cmd.add("--output-format");
    cmd.add("stream-json");
    cmd.add("--verbose");
    cmd.add("--model");
    cmd.add(request.model());
    cmd.add("--dangerously-skip-permissions");
    if (request.maxTurns() != null) {
      cmd.add("--max-turns");
      cmd.add(String.valueOf(request.maxTurns()));
    }
    if (request.tools() != null) {
      // --allowedTools restricts nothing under --dangerously-skip-permissions; --tools does, and
      // --tools "" leaves no tool at all (the judge).
      cmd.add("--tools");
      cmd.add(String.join(",", request.tools()));
    }
    if (request.systemPrompt() != null) {
      cmd.add("--system-prompt");
      cmd.add(request.systemPrompt());
    }
    if (request.agent() != null) {
      cmd.add("--agent");
      cmd.add(request.agent());
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
      Path systemFile = null;
      if (request.systemPrompt() != null) {
        systemFile = logs.resolve(ResultsLayout.ADAPTER_SYSTEM_PROMPT);
        Files.writeString(systemFile, request.systemPrompt(), StandardCharsets.UTF_8);
      }
      writeReplay(
          logs.resolve(ResultsLayout.ADAPTER_REPLAY),
          cmd,
          request.workingDirectory(),
          promptFile,
          systemFile);
      result =
          ProcessRunner.run(
              cmd,
              request.workingDirectory(),
              env,
              request.prompt(),
              request.timeout(),
              logs.resolve(ResultsLayout.ADAPTER_TRANSCRIPT),
              logs.resolve(ResultsLayout.ADAPTER_STDERR));
      boundTranscript(logs.resolve(ResultsLayout.ADAPTER_TRANSCRIPT), result.stdout());
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
      return AgentOutcome.builder()
          .exitCode(-1)
          .timedOut(true)
          .resultText("timed out after " + request.timeout().toSeconds() + "s; process tree killed")
          .durationSeconds(seconds)
          .stderr(result.stderr())
          .build();
    }
    return parse(result.stdout(), result.exitCode(), seconds, result.stderr());
  }

  /**
   * Parses the CLI's output: the {@code stream-json} event lines, whose last {@code result} event
   * is the result; also one result object ({@code --output-format json}) or the array that {@code
   * --verbose} prints with it.
   */
  static AgentOutcome parse(String stdout, int exitCode, double seconds, String stderr) {
    JsonNode root = resultEvent(stdout);
    if (root == null || !root.isObject()) {
      String head = stdout.strip();
      head = head.length() > 300 ? head.substring(0, 300) + "..." : head;
      return AgentOutcome.builder()
          .exitCode(exitCode)
          .error(true)
          .resultText(
              "unparseable output (exit " + exitCode + "): " + (head.isEmpty() ? "<empty>" : head))
          .durationSeconds(seconds)
          .stderr(stderr)
          .build();
    }
    String subtype = root.hasNonNull("subtype") ? root.get("subtype").asText() : null;
    boolean isError =
        root.path("is_error").asBoolean(false) || !"success".equals(subtype) || exitCode != 0;
    Integer apiStatus =
        root.path("api_error_status").isNumber() ? root.get("api_error_status").asInt() : null;
    String terminalReason =
        root.hasNonNull("terminal_reason") ? root.get("terminal_reason").asText() : null;
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
    return AgentOutcome.builder()
        .exitCode(exitCode)
        .error(isError)
        .subtype(subtype)
        .resultText(root.hasNonNull("result") ? root.get("result").asText() : "")
        .tokens(usage.path("input_tokens").asLong(0), usage.path("output_tokens").asLong(0))
        .cacheTokens(
            usage.path("cache_creation_input_tokens").asLong(0),
            usage.path("cache_read_input_tokens").asLong(0))
        .totalCostUsd(
            root.hasNonNull("total_cost_usd") ? root.get("total_cost_usd").asDouble() : null)
        .modelUsage(models)
        .durationSeconds(seconds)
        .numTurns(root.hasNonNull("num_turns") ? root.get("num_turns").asInt() : null)
        .sessionId(root.hasNonNull("session_id") ? root.get("session_id").asText() : null)
        .stderr(stderr)
        .failureKind(
            failureKind(
                isError,
                apiStatus,
                terminalReason,
                subtype,
                (root.hasNonNull("result") ? root.get("result").asText() : "") + "\n" + stderr))
        .apiErrorStatus(apiStatus)
        .build();
  }

  /** The last {@code result} event of the output, or its only JSON value; null when none. */
  private static JsonNode resultEvent(String stdout) {
    // From the end: the result comes last, so a long transcript's other events are not parsed.
    List<String> lines = stdout.lines().toList();
    for (int i = lines.size() - 1; i >= 0; i--) {
      String t = lines.get(i).strip();
      if (!t.startsWith("{")) {
        continue;
      }
      try {
        JsonNode event = JSON.readTree(t);
        if ("result".equals(event.path("type").asText())) {
          return event;
        }
      } catch (IOException e) {
        // A line cut by the transcript bound or a non-JSON line: not the result.
      }
    }
    JsonNode last = null;
    JsonNode root;
    try {
      root = JSON.readTree(stdout.strip());
    } catch (IOException e) {
      return null;
    }
    if (root != null && root.isArray()) {
      for (JsonNode element : root) {
        if ("result".equals(element.path("type").asText())) {
          last = element;
        }
      }
      return last;
    }
    return root;
  }

  /**
   * The failure kind the CLI's own fields give: the HTTP status of a failed API call first, then
   * the terminal reason and subtype. A call that ended on an API error without an HTTP status
   * ({@code terminal_reason: api_error}, {@code api_error_status: null}) got no answer at all: its
   * text tells a limit or a timeout from a connection that failed, and a text it does not know is
   * still a {@link FailureKind#CONNECTION}. {@code null} when nothing says, so that the engine
   * falls back to the text.
   */
  static FailureKind failureKind(
      boolean isError, Integer apiStatus, String terminalReason, String subtype, String text) {
    if (!isError) {
      return FailureKind.NONE;
    }
    if (apiStatus != null) {
      if (apiStatus == 401 || apiStatus == 403) {
        return FailureKind.AUTH;
      }
      if (apiStatus == 429) {
        return FailureKind.RATE_LIMIT;
      }
      if (apiStatus == 529) {
        return FailureKind.OVERLOADED;
      }
      if (apiStatus >= 500) {
        return FailureKind.SERVER_ERROR;
      }
    }
    String reason = terminalReason == null ? "" : terminalReason;
    String sub = subtype == null ? "" : subtype;
    if (sub.equals("error_max_turns") || reason.equals("max_turns")) {
      return FailureKind.MAX_TURNS;
    }
    if (sub.contains("budget") || reason.contains("budget")) {
      return FailureKind.BUDGET;
    }
    if (reason.equals("api_error")) {
      FailureKind fromText = FailureTexts.classify(text);
      return fromText != null ? fromText : FailureKind.CONNECTION;
    }
    return null;
  }

  /**
   * Cuts a transcript above {@link #MAX_TRANSCRIPT_BYTES}: its first lines, a {@code
   * scylla_truncated} marker line, and the last line (the {@code result} event) stay.
   */
  static void boundTranscript(Path file, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_TRANSCRIPT_BYTES) {
      return;
    }
    String stripped = content.stripTrailing();
    int lastBreak = stripped.lastIndexOf('\n');
    String lastLine = stripped.substring(lastBreak + 1);
    long budget = MAX_TRANSCRIPT_BYTES - lastLine.getBytes(StandardCharsets.UTF_8).length - 200;
    StringBuilder kept = new StringBuilder();
    long keptBytes = 0;
    long omittedLines = 0;
    List<String> lines = stripped.substring(0, Math.max(lastBreak, 0)).lines().toList();
    for (String line : lines) {
      long size = line.getBytes(StandardCharsets.UTF_8).length + 1;
      if (omittedLines == 0 && keptBytes + size <= budget) {
        kept.append(line).append('\n');
        keptBytes += size;
      } else {
        omittedLines++;
      }
    }
    long omittedBytes = bytes.length - keptBytes - lastLine.getBytes(StandardCharsets.UTF_8).length;
    kept.append("{\"type\":\"scylla_truncated\",\"omitted_lines\":")
        .append(omittedLines)
        .append(",\"omitted_bytes\":")
        .append(omittedBytes)
        .append(",\"limit_bytes\":")
        .append(MAX_TRANSCRIPT_BYTES)
        .append("}\n")
        .append(lastLine)
        .append('\n');
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, kept, StandardCharsets.UTF_8);
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private void writeReplay(
      Path file, List<String> cmd, Path workDir, Path promptFile, Path systemFile)
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
    boolean systemNext = false;
    for (String arg : cmd) {
      if (systemNext && systemFile != null) {
        // The long system prompt stays in its file; the script reads it back.
        sb.append(" \"$(cat ").append(quote(systemFile.toAbsolutePath().toString())).append(")\"");
      } else {
        sb.append(' ').append(quote(arg));
      }
      systemNext = arg.equals("--system-prompt");
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
