package dev.scylla.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.internal.ScyllaJson;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.ExperimentConfig.Overrides;
import dev.scylla.core.model.ModelIds;
import dev.scylla.core.model.ThinkingMode;
import dev.scylla.core.model.TierId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds an {@link ExperimentConfig} from its sources. Each field takes the first value given, in
 * this order of precedence: the CLI, the {@code --config} YAML file, the fixture's {@code
 * test.yaml}, the fixture's {@code config.yaml}, the defaults of {@link ExperimentConfig}.
 *
 * <p>From {@code test.yaml}: experiment_id = id, task_repo = source.repo, task_commit = source.hash
 * (a relative local path is taken from the test folder, e.g. a git bundle shipped with the
 * fixture), task_prompt_file = the prompt's absolute path, language, tiers_to_run = tiers,
 * timeout_seconds = task.timeout_seconds. From the test's {@code config.yaml}: timeout_seconds and
 * max_cost_usd. Without a tier list anywhere, every tier folder of the fixture runs.
 */
public final class ExperimentConfigs {
  private ExperimentConfigs() {}

  /**
   * Resolves the configuration of an experiment on {@code fixture}.
   *
   * @param configYaml the {@code --config} file, if any
   * @param cli the CLI's overrides; relative local paths in it are resolved against the working
   *     directory
   * @throws ConfigException with a one-line message when a value is invalid or a tier has no folder
   *     in the fixture
   */
  public static ExperimentConfig resolve(
      Fixture fixture, Optional<Path> configYaml, Overrides cli) {
    Overrides fromCli = absolutePaths(cli == null ? Overrides.NONE : cli, Paths.get(""));
    Overrides fromFile = configYaml.map(ExperimentConfigs::readOverrides).orElse(Overrides.NONE);
    Overrides fromTest = absolutePaths(fromTestYaml(fixture), fixture.testDir());
    Overrides fromTestConfig =
        Overrides.builder()
            .timeoutSeconds(fixture.budget().timeoutSeconds())
            .maxCostUsd(fixture.budget().maxCostUsd())
            .build();
    List<Overrides> layers = List.of(fromCli, fromFile, fromTest, fromTestConfig);

    List<TierId> tiers =
        first(layers, Overrides::tiersToRun, List.copyOf(fixture.tiers().keySet()));
    List<TierId> missing =
        tiers.stream().filter(t -> !fixture.tiers().containsKey(t)).collect(Collectors.toList());
    if (!missing.isEmpty()) {
      throw new ConfigException(
          "tiers "
              + missing
              + " have no folder in "
              + fixture.testDir()
              + "; the fixture has "
              + fixture.tiers().keySet());
    }
    List<String> judges =
        new ArrayList<>(
            first(layers, Overrides::judgeModels, List.of(ExperimentConfig.DEFAULT_JUDGE_MODEL))
                .stream()
                .map(ModelIds::normalize)
                .toList());
    for (Overrides layer : layers) {
      if (layer.additionalJudgeModels() != null) {
        layer.additionalJudgeModels().stream()
            .map(ModelIds::normalize)
            .filter(j -> !judges.contains(j))
            .forEach(judges::add);
      }
    }
    try {
      return new ExperimentConfig(
          first(layers, Overrides::experimentId, null),
          first(layers, Overrides::taskRepo, null),
          first(layers, Overrides::taskCommit, null),
          first(layers, Overrides::taskPromptFile, null),
          first(layers, Overrides::language, null),
          first(layers, Overrides::models, List.of(ExperimentConfig.DEFAULT_MODEL)),
          first(layers, Overrides::runsPerSubtest, ExperimentConfig.DEFAULT_RUNS_PER_SUBTEST),
          tiers,
          judges,
          first(layers, Overrides::parallelSubtests, ExperimentConfig.DEFAULT_PARALLEL_SUBTESTS),
          first(layers, Overrides::timeoutSeconds, ExperimentConfig.DEFAULT_TIMEOUT_SECONDS),
          first(layers, Overrides::maxTurns, null),
          first(layers, Overrides::maxSubtests, null),
          first(layers, Overrides::maxCostUsd, null),
          fixture.testDir().toString(),
          fixture.sharedDir().toString(),
          first(layers, Overrides::thinkingMode, ThinkingMode.NONE));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("invalid configuration: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a {@code --config} YAML file. Unknown keys are errors here (a typo would otherwise be
   * ignored silently); relative local paths are resolved against the file's folder.
   *
   * @throws ConfigException with a one-line message naming the file and the key at fault
   */
  public static Overrides readOverrides(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config file " + file + " does not exist");
    }
    JsonNode tree;
    try {
      tree = ScyllaJson.yamlMapper().readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          "config file " + file + " is not valid YAML: " + firstLine(e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage(), e);
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      return Overrides.NONE;
    }
    if (!tree.isObject()) {
      throw new ConfigException(
          "config file " + file + " must be a YAML mapping of keys to values");
    }
    Overrides overrides;
    try {
      overrides =
          ScyllaJson.yamlMapper()
              .readerFor(Overrides.class)
              .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .readValue(tree);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(
          "config file " + file + ": unknown key '" + e.getPropertyName() + "'", e);
    } catch (InvalidFormatException e) {
      throw new ConfigException(
          "config file "
              + file
              + ": '"
              + path(e)
              + "' has an invalid value '"
              + e.getValue()
              + "'"
              + rootMessage(e),
          e);
    } catch (JsonMappingException e) {
      throw new ConfigException(
          "config file " + file + ": '" + path(e) + "' is invalid" + rootMessage(e), e);
    } catch (IOException e) {
      throw new ConfigException(
          "config file " + file + " is invalid: " + firstLine(e.getMessage()), e);
    }
    Path base = file.toAbsolutePath().getParent();
    return absolutePaths(overrides, base);
  }

  private static Overrides fromTestYaml(Fixture fixture) {
    var test = fixture.test();
    return Overrides.builder()
        .experimentId(test.id())
        .taskRepo(test.sourceRepo())
        .taskCommit(test.sourceHash())
        .taskPromptFile(fixture.promptFile().toString())
        .language(test.language())
        .tiersToRun(test.tiers().isEmpty() ? null : test.tiers())
        .timeoutSeconds(test.taskTimeoutSeconds())
        .build();
  }

  private static <T> T first(List<Overrides> layers, Function<Overrides, T> field, T fallback) {
    for (Overrides layer : layers) {
      T value = field.apply(layer);
      if (value != null) {
        return value;
      }
    }
    return fallback;
  }

  private static Overrides absolutePaths(Overrides o, Path base) {
    return new Overrides(
        o.experimentId(),
        localPath(o.taskRepo(), base),
        o.taskCommit(),
        localPath(o.taskPromptFile(), base),
        o.language(),
        o.models(),
        o.runsPerSubtest(),
        o.tiersToRun(),
        o.judgeModels(),
        o.additionalJudgeModels(),
        o.parallelSubtests(),
        o.timeoutSeconds(),
        o.maxTurns(),
        o.maxSubtests(),
        o.maxCostUsd(),
        o.thinkingMode());
  }

  /** A relative local path made absolute; URLs and scp-style remotes are left alone. */
  private static String localPath(String value, Path base) {
    if (value == null
        || value.isBlank()
        || value.contains("://")
        || value.matches("^[^/]+@[^/]+:.*")) {
      return value;
    }
    Path path = Paths.get(value);
    return path.isAbsolute() ? value : base.resolve(path).toAbsolutePath().normalize().toString();
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root instanceof IllegalArgumentException ? ": " + root.getMessage() : "";
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "cannot be parsed";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
