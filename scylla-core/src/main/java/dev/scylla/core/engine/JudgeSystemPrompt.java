package dev.scylla.core.engine;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The system prompt of every judge call: the grading protocol (how to score, N/A rules, grades, the
 * answer's JSON form). The rubric, the task and the evidence go in the user message ({@link
 * JudgePrompt}).
 *
 * @param text the prompt
 * @param source where it came from: a file's absolute path, or {@link #BUILT_IN}
 * @param sha256 the SHA-256 of the prompt's UTF-8 bytes, in lower-case hex
 */
public record JudgeSystemPrompt(String text, String source, String sha256) {

  /** The source of Scylla's own prompt. */
  public static final String BUILT_IN = "builtin:dev/scylla/core/internal/judge/system_prompt.md";

  private static final String RESOURCE = "/dev/scylla/core/internal/judge/system_prompt.md";

  /** Validates the prompt. */
  public JudgeSystemPrompt {
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException(
          "the judge system prompt from " + source + " is empty: write the prompt into it");
    }
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sha256, "sha256");
  }

  /** Scylla's own judge system prompt. */
  public static JudgeSystemPrompt builtIn() {
    try (InputStream in = JudgeSystemPrompt.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the jar");
      }
      return of(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUILT_IN);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read resource " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  /**
   * The prompt in {@code file}.
   *
   * @throws IllegalArgumentException when the file cannot be read or is empty
   */
  public static JudgeSystemPrompt fromFile(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    try {
      return of(Files.readString(abs, StandardCharsets.UTF_8), abs.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the judge system prompt " + abs + ": " + e.getMessage(), e);
    }
  }

  /**
   * The prompt a run uses: {@code explicit} when given, else the {@code
   * config/judge/system_prompt.md} of the ProjectScylla checkout the fixture lies in (see {@link
   * #projectScyllaPrompt}), else {@link #builtIn()}.
   */
  public static JudgeSystemPrompt choose(Path explicit, Path fixtureDir) {
    if (explicit != null) {
      return fromFile(explicit);
    }
    return projectScyllaPrompt(fixtureDir)
        .map(JudgeSystemPrompt::fromFile)
        .orElseGet(JudgeSystemPrompt::builtIn);
  }

  /**
   * The judge prompt of the ProjectScylla checkout that holds {@code fixtureDir}: the nearest
   * ancestor with both {@code tests/claude-code/shared} and {@code config/judge/system_prompt.md}.
   */
  public static Optional<Path> projectScyllaPrompt(Path fixtureDir) {
    if (fixtureDir == null) {
      return Optional.empty();
    }
    for (Path dir = fixtureDir.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      Path prompt = dir.resolve("config/judge/system_prompt.md");
      if (Files.isDirectory(dir.resolve("tests/claude-code/shared"))
          && Files.isRegularFile(prompt)) {
        return Optional.of(prompt);
      }
    }
    return Optional.empty();
  }

  private static JudgeSystemPrompt of(String text, String source) {
    return new JudgeSystemPrompt(
        text, source, Hashing.sha256().hashString(text, StandardCharsets.UTF_8).toString());
  }
}
