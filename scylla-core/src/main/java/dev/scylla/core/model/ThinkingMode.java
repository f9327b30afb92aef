package dev.scylla.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How hard the agent is asked to think, as ProjectScylla's {@code --thinking} has it: any mode but
 * {@link #NONE} turns Claude Code's {@code alwaysThinkingEnabled} on in the workspace's settings
 * (shared catalogue layout) and puts its keyword, then a blank line, before the agent's prompt.
 */
public enum ThinkingMode {
  /** No extended thinking (the default). */
  NONE("None", ""),
  /** The keyword {@code think}. */
  LOW("Low", "think"),
  /** The keyword {@code think hard}. */
  HIGH("High", "think hard"),
  /** The keyword {@code ultrathink}. */
  ULTRA_THINK("UltraThink", "ultrathink");

  private final String label;
  private final String keyword;

  ThinkingMode(String label, String keyword) {
    this.label = label;
    this.keyword = keyword;
  }

  /** The name ProjectScylla uses: {@code None}, {@code Low}, {@code High}, {@code UltraThink}. */
  @JsonValue
  public String label() {
    return label;
  }

  /** The keyword put before the prompt; empty for {@link #NONE}. */
  public String keyword() {
    return keyword;
  }

  /** Whether thinking is on. */
  public boolean enabled() {
    return this != NONE;
  }

  /**
   * The agent's prompt for {@code prompt}: the keyword and a blank line first, when there is one.
   */
  public String apply(String prompt) {
    return keyword.isEmpty() ? prompt : keyword + "\n\n" + prompt;
  }

  /**
   * The mode named {@code text} (its label, any case), or {@link #NONE} for null.
   *
   * @throws IllegalArgumentException naming the choices when {@code text} is none of them
   */
  @JsonCreator
  public static ThinkingMode parse(String text) {
    if (text == null) {
      return NONE;
    }
    for (ThinkingMode mode : values()) {
      if (mode.label.equalsIgnoreCase(text.trim())) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "thinking mode must be one of "
            + Arrays.stream(values()).map(ThinkingMode::label).collect(Collectors.joining(", "))
            + ", got '"
            + text
            + "'");
  }

  @Override
  public String toString() {
    return label;
  }
}
