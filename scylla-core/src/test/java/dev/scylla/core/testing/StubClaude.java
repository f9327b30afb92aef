package dev.scylla.core.testing;

import dev.scylla.core.agent.ClaudeCodeAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/** The stub {@code claude} executable of the tests, copied out of the test resources. */
public final class StubClaude {
  private final Path binary;
  private final Path state;

  private StubClaude(Path binary, Path state) {
    this.binary = binary;
    this.state = state;
  }

  /** Installs the stub under {@code dir}; its state (call log, concurrency log) too. */
  public static StubClaude install(Path dir) throws IOException {
    Path bin = dir.resolve("bin/claude");
    Files.createDirectories(bin.getParent());
    try (InputStream in = StubClaude.class.getResourceAsStream("/stub/claude")) {
      Files.copy(in, bin);
    }
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path state = dir.resolve("stub-state");
    Files.createDirectories(state);
    return new StubClaude(bin, state);
  }

  /** The stub's path. */
  public Path binary() {
    return binary;
  }

  /** The stub's state directory. */
  public Path state() {
    return state;
  }

  /** An adapter running the stub with the given STUB_* settings. */
  public ClaudeCodeAdapter adapter(Map<String, String> settings) {
    ClaudeCodeAdapter.Builder b =
        ClaudeCodeAdapter.builder()
            .binary(binary.toString())
            .environment("STUB_STATE", state.toString());
    settings.forEach(b::environment);
    return b.build();
  }

  /** Lines of the stub's call log: {@code agent DIR} or {@code judge DIR}. */
  public List<String> calls() throws IOException {
    Path log = state.resolve("calls.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  /** Highest number of agents the stub saw running at once. */
  public int peakConcurrency() throws IOException {
    Path log = state.resolve("concurrency.log");
    if (!Files.exists(log)) {
      return 0;
    }
    return Files.readAllLines(log).stream()
        .mapToInt(s -> Integer.parseInt(s.trim()))
        .max()
        .orElse(0);
  }
}
