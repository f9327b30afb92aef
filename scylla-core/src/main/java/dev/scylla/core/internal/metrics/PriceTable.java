package dev.scylla.core.internal.metrics;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Model prices by model id, used when the agent's CLI reports tokens but no cost. Ids are matched
 * after {@link #normalize normalizing}: lower case, without a {@code [1m]}-style suffix, without a
 * date suffix ({@code -20250929}), with dots in versions as dashes ({@code 4.5} = {@code 4-5}).
 */
public final class PriceTable {
  // Declared before DEFAULT, whose construction normalizes ids with them.
  private static final Pattern BRACKET_SUFFIX = Pattern.compile("\\[[^\\]]*\\]$");
  private static final Pattern DATE_SUFFIX = Pattern.compile("[-@]\\d{8}$");

  /**
   * Published prices ($/million tokens: input, output, cache write, cache read): Opus 4 and 4.1
   * 15/75/18.75/1.50; Opus 4.5 to 4.8 5/25/6.25/0.50; Sonnet 4 to 4.6 3/15/3.75/0.30; Haiku 4.5
   * 1/5/1.25/0.10; Opus 5 5/25/6.25/0.50; Opus 5.5 4/20/5/0.20; Sonnet 5 and 5.5 2/10/2.50/0.20.
   */
  public static final PriceTable DEFAULT = new PriceTable(defaults());

  private final Map<String, ModelPrice> prices;

  /** A table of {@code prices} keyed by model id (normalized on the way in). */
  public PriceTable(Map<String, ModelPrice> prices) {
    Map<String, ModelPrice> normalized = new LinkedHashMap<>();
    prices.forEach((id, price) -> normalized.put(normalize(id), price));
    this.prices = Map.copyOf(normalized);
  }

  /** The price of {@code modelId}, empty when the model is not in the table. */
  public Optional<ModelPrice> lookup(String modelId) {
    if (modelId == null || modelId.isBlank()) {
      return Optional.empty();
    }
    return Optional.ofNullable(prices.get(normalize(modelId)));
  }

  /**
   * The id used for matching: {@code claude-sonnet-4-5-20250929[1m]} and {@code Claude-Sonnet-4.5}
   * both become {@code claude-sonnet-4-5}.
   */
  public static String normalize(String modelId) {
    String id = modelId.trim().toLowerCase(Locale.ROOT);
    id = BRACKET_SUFFIX.matcher(id).replaceAll("");
    id = DATE_SUFFIX.matcher(id).replaceAll("");
    if (id.startsWith("anthropic/")) {
      id = id.substring("anthropic/".length());
    }
    return id.replace('.', '-');
  }

  private static Map<String, ModelPrice> defaults() {
    ModelPrice opus4 = new ModelPrice(15, 75, 18.75, 1.50);
    ModelPrice opus45 = new ModelPrice(5, 25, 6.25, 0.50);
    ModelPrice sonnet4 = new ModelPrice(3, 15, 3.75, 0.30);
    ModelPrice haiku45 = new ModelPrice(1, 5, 1.25, 0.10);
    ModelPrice opus55 = new ModelPrice(4, 20, 5, 0.20);
    ModelPrice sonnet5 = new ModelPrice(2, 10, 2.50, 0.20);
    Map<String, ModelPrice> table = new LinkedHashMap<>();
    table.put("claude-opus-4", opus4);
    table.put("claude-opus-4-0", opus4);
    table.put("claude-opus-4-1", opus4);
    for (String minor : new String[] {"5", "6", "7", "8"}) {
      table.put("claude-opus-4-" + minor, opus45);
    }
    for (String version : new String[] {"4", "4-0", "4-5", "4-6"}) {
      table.put("claude-sonnet-" + version, sonnet4);
    }
    table.put("claude-haiku-4-5", haiku45);
    table.put("claude-opus-5", opus45);
    table.put("claude-opus-5-0", opus45);
    table.put("claude-opus-5-5", opus55);
    table.put("claude-sonnet-5", sonnet5);
    table.put("claude-sonnet-5-0", sonnet5);
    table.put("claude-sonnet-5-5", sonnet5);
    return table;
  }
}
