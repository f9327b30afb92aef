package dev.scylla.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.TierId;
import java.util.List;
import java.util.Objects;

/**
 * One run's job, the document a pod of the Kubernetes target reads (JSON, {@code job.json}): which
 * run, the experiment's settings, and where its inputs and results are in the pod. It is the only
 * thing that crosses into the pod; docs/kubernetes.md describes every field.
 *
 * @param version the document's version ({@link #VERSION})
 * @param run which run
 * @param settings the experiment's settings, as the host resolved them
 * @param io where the inputs arrive and the results go in the pod
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunJob(int version, Run run, Settings settings, Io io) {

  /** The version this code writes and reads. */
  public static final int VERSION = 1;

  /** Validates the document. */
  public RunJob {
    if (version != VERSION) {
      throw new IllegalArgumentException(
          "version must be " + VERSION + " (this Scylla's job format), was " + version);
    }
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(io, "io");
  }

  /**
   * Which run: run {@code number} of sub-test {@code subtest} of {@code tier}.
   *
   * @param tier the tier
   * @param subtest the sub-test's id
   * @param number the run's number, from 1
   * @param inheritsFrom for a T5 or T6 sub-test, the best sub-tests of earlier tiers its workspace
   *     builds on ({@code T1/03}), as the experiment chose them; empty otherwise
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Run(TierId tier, String subtest, int number, List<String> inheritsFrom) {
    /** Validates the run. */
    public Run {
      Objects.requireNonNull(tier, "tier");
      Objects.requireNonNull(subtest, "subtest");
      if (number < 1) {
        throw new IllegalArgumentException("number must be at least 1, was " + number);
      }
      inheritsFrom = inheritsFrom == null ? List.of() : List.copyOf(inheritsFrom);
    }

    /** A run that builds on no earlier tier. */
    public Run(TierId tier, String subtest, int number) {
      this(tier, subtest, number, List.of());
    }
  }

  /**
   * The experiment's settings: the merged configuration (as {@code config/experiment.json} holds
   * it, host paths included) and the runners. Host paths are found in the pod under {@link
   * Io#inputsRoot()}.
   *
   * @param config the merged experiment configuration
   * @param agent the agent's runner spec, a file argument made absolute
   * @param judge the judges' runner spec, a file argument made absolute
   * @param judgeSystemPrompt the judges' system prompt file, or null for the usual choice
   * @param agentJars jars with more runners
   * @param infraRetries how often an infrastructure failure of an agent call is retried
   * @param rateLimitPauseSeconds the pause after a rate limit that names no reset time
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Settings(
      ExperimentConfig config,
      String agent,
      String judge,
      String judgeSystemPrompt,
      List<String> agentJars,
      int infraRetries,
      long rateLimitPauseSeconds) {
    /** Validates the settings. */
    public Settings {
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(agent, "agent");
      Objects.requireNonNull(judge, "judge");
      agentJars = agentJars == null ? List.of() : List.copyOf(agentJars);
      if (infraRetries < 0) {
        throw new IllegalArgumentException("infra_retries must be at least 0, was " + infraRetries);
      }
      if (rateLimitPauseSeconds < 0) {
        throw new IllegalArgumentException(
            "rate_limit_pause_seconds must be at least 0, was " + rateLimitPauseSeconds);
      }
    }
  }

  /**
   * Where things are in the pod. Inputs travel through the API server into an empty dir: each host
   * path of {@code inputs} is copied to the same path under {@code inputsRoot}, then the {@link
   * #INPUTS_READY} file is written there. Results: the run's experiment folder is written under
   * {@code resultsDir}, then {@link #RUN_DONE}; the pod waits for {@link #COLLECTED} (written when
   * the folder has been copied out) before it ends.
   *
   * @param inputsRoot the folder the host paths are copied under
   * @param inputs the host paths the run reads (fixture, shared folder, runner files)
   * @param taskBundle a git bundle of the task repository in the pod, or null to use {@code
   *     task_repo} as the settings give it
   * @param resultsDir the folder the run's experiment folder is written in
   * @param inputWaitSeconds how long to wait for the inputs
   * @param collectWaitSeconds how long to wait for the results to be collected
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Io(
      String inputsRoot,
      List<String> inputs,
      String taskBundle,
      String resultsDir,
      long inputWaitSeconds,
      long collectWaitSeconds) {

    /**
     * In the inputs root: the experiment's checks before the agent ({@code
     * pipeline_baseline.json}), copied in by the coordinator so the run's judges see them.
     */
    public static final String BASELINE = "pipeline_baseline.json";

    /** Written last into the inputs root: every input is in place. */
    public static final String INPUTS_READY = ".scylla-inputs-ready";

    /** Written last into the results dir: the run ended; its content says how. */
    public static final String RUN_DONE = ".scylla-run-done.json";

    /** Written into the results dir by whoever copied the results out: the pod may end. */
    public static final String COLLECTED = ".scylla-collected";

    /** Validates the paths and waits. */
    public Io {
      Objects.requireNonNull(inputsRoot, "inputsRoot");
      Objects.requireNonNull(resultsDir, "resultsDir");
      inputs = inputs == null ? List.of() : List.copyOf(inputs);
      for (String p : inputs) {
        if (!p.startsWith("/")) {
          throw new IllegalArgumentException("inputs must be absolute paths, was '" + p + "'");
        }
      }
      if (!inputsRoot.startsWith("/") || !resultsDir.startsWith("/")) {
        throw new IllegalArgumentException(
            "inputs_root and results_dir must be absolute, were '"
                + inputsRoot
                + "' and '"
                + resultsDir
                + "'");
      }
      if (inputWaitSeconds < 0 || collectWaitSeconds < 0) {
        throw new IllegalArgumentException(
            "input_wait_seconds and collect_wait_seconds must be at least 0");
      }
    }

    /** Where the host path {@code hostPath} is in the pod. */
    public String inPod(String hostPath) {
      return inputsRoot.replaceAll("/$", "") + hostPath;
    }
  }
}
