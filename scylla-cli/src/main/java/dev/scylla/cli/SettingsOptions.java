package dev.scylla.cli;

import dev.scylla.api.ExperimentSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The bridge between {@code scylla run}'s options and the experiment's settings document: which
 * option sets which setting (an option {@code --a-b} sets {@code a_b} unless listed otherwise), and
 * picocli's defaults taken from {@link ExperimentSettings#DEFAULTS}, so that each default is
 * written once.
 */
final class SettingsOptions implements CommandLine.IDefaultValueProvider {

  /** Options whose setting is not named after them. */
  private static final Map<String, String> RENAMED =
      Map.of(
          "--timeout", "timeout_seconds",
          "--max-cost", "max_cost_usd",
          "--model", "models",
          "--add-judge", "additional_judge_models",
          "--config", "config_file",
          "--rate-limit-pause", "rate_limit_pause_seconds",
          "--max-outage", "max_outage_seconds",
          "--skills-dir", "skills_dirs",
          "--agent-jar", "agent_jars");

  /** The commands whose options are the experiment's settings. */
  private static final String RUN = "run";

  /** The setting {@code option} of {@code scylla run} sets, if it sets one. */
  static Optional<String> settingOf(String option) {
    String key = RENAMED.getOrDefault(option, option.replaceFirst("^--", "").replace('-', '_'));
    return ExperimentSettings.keys().contains(key) && !key.equals("version")
        ? Optional.of(key)
        : Optional.empty();
  }

  /** The option of {@code scylla run} that sets {@code setting} (a settings document key). */
  static Optional<String> optionOf(String setting) {
    for (Map.Entry<String, String> e : RENAMED.entrySet()) {
      if (e.getValue().equals(setting)) {
        return Optional.of(e.getKey());
      }
    }
    if (!ExperimentSettings.keys().contains(setting) || setting.equals("version")) {
      return Optional.empty();
    }
    return Optional.of("--" + setting.replace('_', '-'));
  }

  /** Every setting with a default, by its option: what {@code --help} shows. */
  static Map<String, String> defaults() {
    Map<String, String> out = new LinkedHashMap<>();
    ExperimentSettings.defaultTexts()
        .forEach((key, text) -> optionOf(key).ifPresent(o -> out.put(o, text)));
    return out;
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option)
        || option.command() == null
        || !RUN.equals(option.command().name())) {
      return null;
    }
    return settingOf(option.longestName())
        .map(key -> ExperimentSettings.defaultTexts().get(key))
        .orElse(null);
  }
}
