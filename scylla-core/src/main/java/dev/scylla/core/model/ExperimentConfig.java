package dev.scylla.core.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.scylla.core.internal.Checks;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Everything that defines one experiment, written to {@code config/experiment.json}.
 *
 * @param experimentId identifier of the experiment, also part of its results folder name
 * @param taskRepo the task repository: a URL, a local path or a git bundle
 * @param taskCommit the commit to check out, or null for the repository's HEAD
 * @param taskPromptFile absolute path of the task prompt file
 * @param language the fixture's language (e.g. {@code python}), or null
 * @param models agent model ids, at least one
 * @param runsPerSubtest runs of each sub-test, at least 1
 * @param tiersToRun the tiers to run, in the order given
 * @param judgeModels judge model ids, at least one
 * @param parallelSubtests how many sub-tests may run at once, at least 1
 * @param timeoutSeconds wall-clock limit of one agent call, at least 1
 * @param maxTurns the agent's turn limit, or null for the CLI's default
 * @param maxSubtests at most this many sub-tests per tier, or null for all
 * @param maxCostUsd stop starting runs once the agent cost reaches this budget, or null for none
 * @param tiersDir absolute path of the fixture's test directory, or null when not from a fixture
 * @param sharedDir absolute path of the shared resources directory, or null
 * @param thinkingMode how hard the agent is asked to think ({@code thinking_mode}, default None)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExperimentConfig(
    String experimentId,
    String taskRepo,
    String taskCommit,
    String taskPromptFile,
    String language,
    List<String> models,
    int runsPerSubtest,
    List<TierId> tiersToRun,
    List<String> judgeModels,
    int parallelSubtests,
    int timeoutSeconds,
    Integer maxTurns,
    Integer maxSubtests,
    Double maxCostUsd,
    String tiersDir,
    String sharedDir,
    ThinkingMode thinkingMode) {

  /** Default agent model, as ProjectScylla's main branch has it. */
  public static final String DEFAULT_MODEL = "claude-sonnet-4-6";

  /** Default judge model, as ProjectScylla's main branch has it. */
  public static final String DEFAULT_JUDGE_MODEL = "claude-opus-4-6";

  /** Default runs per sub-test. */
  public static final int DEFAULT_RUNS_PER_SUBTEST = 10;

  /** Default number of sub-tests run at once. */
  public static final int DEFAULT_PARALLEL_SUBTESTS = 4;

  /** Default agent timeout in seconds. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 3600;

  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** An experiment without extended thinking. */
  public ExperimentConfig(
      String experimentId,
      String taskRepo,
      String taskCommit,
      String taskPromptFile,
      String language,
      List<String> models,
      int runsPerSubtest,
      List<TierId> tiersToRun,
      List<String> judgeModels,
      int parallelSubtests,
      int timeoutSeconds,
      Integer maxTurns,
      Integer maxSubtests,
      Double maxCostUsd,
      String tiersDir,
      String sharedDir) {
    this(
        experimentId,
        taskRepo,
        taskCommit,
        taskPromptFile,
        language,
        models,
        runsPerSubtest,
        tiersToRun,
        judgeModels,
        parallelSubtests,
        timeoutSeconds,
        maxTurns,
        maxSubtests,
        maxCostUsd,
        tiersDir,
        sharedDir,
        ThinkingMode.NONE);
  }

  /**
   * Validates every field; messages name the JSON key and the bad value. Model aliases ({@code
   * sonnet}, {@code opus-4.6}...) become full ids ({@link ModelIds}).
   */
  public ExperimentConfig {
    Checks.notBlank(experimentId, "experiment_id");
    if (!SAFE_ID.matcher(experimentId).matches()) {
      throw new IllegalArgumentException(
          "experiment_id must be letters, digits, '.', '_' or '-' (it names a folder), got '"
              + experimentId
              + "'");
    }
    Checks.notBlank(taskRepo, "task_repo");
    if (taskCommit != null && taskCommit.isBlank()) {
      taskCommit = null;
    }
    Checks.notBlank(taskPromptFile, "task_prompt_file");
    models = nonEmptyIds(models, "models");
    thinkingMode = thinkingMode == null ? ThinkingMode.NONE : thinkingMode;
    if (runsPerSubtest < 1) {
      throw new IllegalArgumentException("runs_per_subtest must be >= 1, got " + runsPerSubtest);
    }
    Checks.notNull(tiersToRun, "tiers_to_run");
    if (tiersToRun.isEmpty()) {
      throw new IllegalArgumentException("tiers_to_run must name at least one tier");
    }
    if (tiersToRun.stream().distinct().count() != tiersToRun.size()) {
      throw new IllegalArgumentException("tiers_to_run names a tier twice: " + tiersToRun);
    }
    tiersToRun = List.copyOf(tiersToRun);
    judgeModels = nonEmptyIds(judgeModels, "judge_models");
    if (parallelSubtests < 1) {
      throw new IllegalArgumentException("parallel_subtests must be >= 1, got " + parallelSubtests);
    }
    if (timeoutSeconds < 1) {
      throw new IllegalArgumentException("timeout_seconds must be >= 1, got " + timeoutSeconds);
    }
    if (maxTurns != null && maxTurns < 1) {
      throw new IllegalArgumentException("max_turns must be >= 1, got " + maxTurns);
    }
    if (maxSubtests != null && maxSubtests < 1) {
      throw new IllegalArgumentException("max_subtests must be >= 1, got " + maxSubtests);
    }
    if (maxCostUsd != null && (!Double.isFinite(maxCostUsd) || maxCostUsd <= 0)) {
      throw new IllegalArgumentException("max_cost_usd must be a number > 0, got " + maxCostUsd);
    }
  }

  /** The first agent model, the one runs use. */
  public String model() {
    return models.get(0);
  }

  private static List<String> nonEmptyIds(List<String> ids, String field) {
    Checks.notNull(ids, field);
    if (ids.isEmpty()) {
      throw new IllegalArgumentException(field + " must name at least one model");
    }
    for (String id : ids) {
      Checks.notBlank(id, field + "[]");
    }
    return ids.stream().map(ModelIds::normalize).toList();
  }

  /**
   * Values that override lower-precedence sources of a configuration; null means "not given". Read
   * from the CLI's options and from a {@code --config} YAML file (same snake_case keys as {@code
   * config/experiment.json}, plus the aliases {@code tiers}, {@code runs}, {@code parallel}, {@code
   * timeout}, {@code max_cost}).
   *
   * @param experimentId {@code experiment_id}
   * @param taskRepo {@code task_repo}: URL or local path (relative paths resolved on reading)
   * @param taskCommit {@code task_commit}
   * @param taskPromptFile {@code task_prompt_file} (relative paths resolved on reading)
   * @param language {@code language}
   * @param models {@code models}
   * @param runsPerSubtest {@code runs_per_subtest}
   * @param tiersToRun {@code tiers_to_run}
   * @param judgeModels {@code judge_models} (replaces the judges of lower layers)
   * @param additionalJudgeModels judges appended to the resolved {@code judge_models} (the CLI's
   *     {@code --add-judge})
   * @param parallelSubtests {@code parallel_subtests}
   * @param timeoutSeconds {@code timeout_seconds}
   * @param maxTurns {@code max_turns}
   * @param maxSubtests {@code max_subtests}
   * @param maxCostUsd {@code max_cost_usd}
   * @param thinkingMode {@code thinking_mode}
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Overrides(
      String experimentId,
      String taskRepo,
      String taskCommit,
      String taskPromptFile,
      String language,
      List<String> models,
      @JsonAlias("runs") Integer runsPerSubtest,
      @JsonAlias("tiers") List<TierId> tiersToRun,
      List<String> judgeModels,
      List<String> additionalJudgeModels,
      @JsonAlias("parallel") Integer parallelSubtests,
      @JsonAlias("timeout") Integer timeoutSeconds,
      Integer maxTurns,
      Integer maxSubtests,
      @JsonAlias("max_cost") Double maxCostUsd,
      @JsonAlias("thinking") ThinkingMode thinkingMode) {

    /** Nothing overridden. */
    public static final Overrides NONE =
        new Overrides(
            null, null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null);

    /** Overrides that leave the thinking mode alone. */
    public Overrides(
        String experimentId,
        String taskRepo,
        String taskCommit,
        String taskPromptFile,
        String language,
        List<String> models,
        Integer runsPerSubtest,
        List<TierId> tiersToRun,
        List<String> judgeModels,
        List<String> additionalJudgeModels,
        Integer parallelSubtests,
        Integer timeoutSeconds,
        Integer maxTurns,
        Integer maxSubtests,
        Double maxCostUsd) {
      this(
          experimentId,
          taskRepo,
          taskCommit,
          taskPromptFile,
          language,
          models,
          runsPerSubtest,
          tiersToRun,
          judgeModels,
          additionalJudgeModels,
          parallelSubtests,
          timeoutSeconds,
          maxTurns,
          maxSubtests,
          maxCostUsd,
          null);
    }

    /** Copies the lists, keeping null as "not given". */
    public Overrides {
      models = models == null ? null : List.copyOf(models);
      tiersToRun = tiersToRun == null ? null : List.copyOf(tiersToRun);
      judgeModels = judgeModels == null ? null : List.copyOf(judgeModels);
      additionalJudgeModels =
          additionalJudgeModels == null ? null : List.copyOf(additionalJudgeModels);
    }

    /** A builder of overrides for code that embeds Scylla; what is not set stays "not given". */
    public static Builder builder() {
      return new Builder();
    }

    /** Collects {@link Overrides} one value at a time. */
    public static final class Builder {
      private String experimentId;
      private String taskRepo;
      private String taskCommit;
      private String taskPromptFile;
      private String language;
      private List<String> models;
      private Integer runsPerSubtest;
      private List<TierId> tiersToRun;
      private List<String> judgeModels;
      private List<String> additionalJudgeModels;
      private Integer parallelSubtests;
      private Integer timeoutSeconds;
      private Integer maxTurns;
      private Integer maxSubtests;
      private Double maxCostUsd;
      private ThinkingMode thinkingMode;

      private Builder() {}

      /** Sets {@code experiment_id}. */
      public Builder experimentId(String experimentId) {
        this.experimentId = experimentId;
        return this;
      }

      /** Sets {@code task_repo}. */
      public Builder taskRepo(String taskRepo) {
        this.taskRepo = taskRepo;
        return this;
      }

      /** Sets {@code task_commit}. */
      public Builder taskCommit(String taskCommit) {
        this.taskCommit = taskCommit;
        return this;
      }

      /** Sets {@code task_prompt_file}. */
      public Builder taskPromptFile(String taskPromptFile) {
        this.taskPromptFile = taskPromptFile;
        return this;
      }

      /** Sets {@code language}. */
      public Builder language(String language) {
        this.language = language;
        return this;
      }

      /** Sets {@code models}. */
      public Builder models(List<String> models) {
        this.models = models;
        return this;
      }

      /** Sets {@code runs_per_subtest}. */
      public Builder runsPerSubtest(Integer runsPerSubtest) {
        this.runsPerSubtest = runsPerSubtest;
        return this;
      }

      /** Sets {@code tiers_to_run}. */
      public Builder tiersToRun(List<TierId> tiersToRun) {
        this.tiersToRun = tiersToRun;
        return this;
      }

      /** Sets {@code judge_models}. */
      public Builder judgeModels(List<String> judgeModels) {
        this.judgeModels = judgeModels;
        return this;
      }

      /** Sets judges appended to judge_models. */
      public Builder additionalJudgeModels(List<String> additionalJudgeModels) {
        this.additionalJudgeModels = additionalJudgeModels;
        return this;
      }

      /** Sets {@code parallel_subtests}. */
      public Builder parallelSubtests(Integer parallelSubtests) {
        this.parallelSubtests = parallelSubtests;
        return this;
      }

      /** Sets {@code timeout_seconds}. */
      public Builder timeoutSeconds(Integer timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
        return this;
      }

      /** Sets {@code max_turns}. */
      public Builder maxTurns(Integer maxTurns) {
        this.maxTurns = maxTurns;
        return this;
      }

      /** Sets {@code max_subtests}. */
      public Builder maxSubtests(Integer maxSubtests) {
        this.maxSubtests = maxSubtests;
        return this;
      }

      /** Sets {@code max_cost_usd}. */
      public Builder maxCostUsd(Double maxCostUsd) {
        this.maxCostUsd = maxCostUsd;
        return this;
      }

      /** Sets {@code thinking_mode}. */
      public Builder thinkingMode(ThinkingMode thinkingMode) {
        this.thinkingMode = thinkingMode;
        return this;
      }

      /** The overrides set so far. */
      public Overrides build() {
        return new Overrides(
            experimentId,
            taskRepo,
            taskCommit,
            taskPromptFile,
            language,
            models,
            runsPerSubtest,
            tiersToRun,
            judgeModels,
            additionalJudgeModels,
            parallelSubtests,
            timeoutSeconds,
            maxTurns,
            maxSubtests,
            maxCostUsd,
            thinkingMode);
      }
    }
  }
}
