package dev.scylla.core.model;

import java.util.Locale;
import java.util.Map;

/**
 * Model ids as ProjectScylla's main branch normalises them: the short aliases {@code sonnet},
 * {@code opus} and {@code haiku} and the dotted short forms ({@code sonnet-4.6}...) become full ids
 * (any case, surrounding blanks ignored); any other id is kept exactly as given.
 */
public final class ModelIds {
  private static final Map<String, String> ALIASES =
      Map.of(
          "opus", "claude-opus-4-6",
          "sonnet", "claude-sonnet-4-6",
          "haiku", "claude-haiku-4-5",
          "opus-4.6", "claude-opus-4-6",
          "sonnet-4.6", "claude-sonnet-4-6",
          "haiku-4.5", "claude-haiku-4-5",
          "opus-4.5", "claude-opus-4-5",
          "sonnet-4.5", "claude-sonnet-4-5");

  private ModelIds() {}

  /** The full id for {@code id}: an alias's target, else {@code id} unchanged. */
  public static String normalize(String id) {
    if (id == null) {
      return null;
    }
    return ALIASES.getOrDefault(id.strip().toLowerCase(Locale.ROOT), id);
  }
}
