package dev.scylla.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The seven ablation tiers of an experiment, from bare prompts (T0) to everything enabled (T6). */
public enum TierId {
  /** Prompts: system prompt and CLAUDE.md blocks only. */
  T0("Prompts", "System prompt and CLAUDE.md blocks"),
  /** Skills: domain skills on top of the prompt baseline. */
  T1("Skills", "Claude Code skills by category"),
  /** Tooling: built-in tools and MCP servers. */
  T2("Tooling", "Built-in tools and MCP servers"),
  /** Delegation: specialist sub-agents. */
  T3("Delegation", "Specialist sub-agents"),
  /** Hierarchy: orchestrator sub-agents. */
  T4("Hierarchy", "Orchestrator sub-agents"),
  /** Hybrid: combinations of the best sub-tests of T0 to T4. */
  T5("Hybrid", "Combinations of the best of T0-T4"),
  /** Super: every capability enabled at once. */
  T6("Super", "Every capability enabled");

  private final String displayName;
  private final String meaning;

  TierId(String displayName, String meaning) {
    this.displayName = displayName;
    this.meaning = meaning;
  }

  /** The tier's short name, e.g. {@code "Prompts"} for T0. */
  public String displayName() {
    return displayName;
  }

  /** One line on what the tier varies. */
  public String meaning() {
    return meaning;
  }

  /** The fixture folder of this tier, e.g. {@code "t0"}. */
  public String folderName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The tiers whose results this tier needs before it can start: T5 needs T0 to T4 (its baseline is
   * their best sub-test), T6 needs T5; the others need nothing.
   */
  public Set<TierId> dependencies() {
    switch (this) {
      case T5:
        return EnumSet.of(T0, T1, T2, T3, T4);
      case T6:
        return EnumSet.of(T5);
      default:
        return EnumSet.noneOf(TierId.class);
    }
  }

  /**
   * Parses {@code "T3"} or {@code "t3"}.
   *
   * @throws IllegalArgumentException naming the bad value and the accepted ones
   */
  @JsonCreator
  public static TierId parse(String text) {
    if (text != null) {
      String t = text.trim().toUpperCase(Locale.ROOT);
      for (TierId id : values()) {
        if (id.name().equals(t)) {
          return id;
        }
      }
    }
    throw new IllegalArgumentException("unknown tier '" + text + "': expected one of T0..T6");
  }
}
