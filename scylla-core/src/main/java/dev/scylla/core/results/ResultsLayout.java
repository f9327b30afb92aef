package dev.scylla.core.results;

import dev.scylla.core.model.TierId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The layout of an experiment's results folder: every file and folder name Scylla reads or writes
 * there is named here and nowhere else. Obtain one with {@link #of(Path)}; a run's folder has its
 * own {@link Run} view.
 *
 * <pre>
 * &lt;results root&gt;/&lt;yyyyMMdd'T'HHmmss'Z'&gt;-&lt;experiment id&gt;/
 *   checkpoint.json  result.json  report.json  report.md  report.html  runs.csv
 *   tier_comparison.json  prompt.md  rubric.yaml  config/experiment.json  config/rubric.json  repo/
 *   pipeline_baseline.json  pipeline_baseline/checks/
 *   T0/  result.json report.json report.md
 *     00-empty/  result.json report.json report.md
 *       run_01/  run_result.json task_prompt.md config_manifest.json mcp-config.json workspace/
 *         agent/  result.json output.txt prompt.md replay.sh transcript.jsonl stderr.log MODEL.md
 *         judge/  prompt.md diff.patch pipeline_result.json checks/ judge_01/ MODEL.md
 *           judge_01/  prompt.md system_prompt.md replay.sh transcript.jsonl stderr.log
 *                      response.txt judgment.json try_2/ try_3/ (a judge asked again)
 *         judge_history/&lt;stamp&gt;/  judge/ run_result.json   (after scylla rejudge)
 * </pre>
 *
 * @param dir the experiment's folder (absolute and normalised)
 */
public record ResultsLayout(Path dir) {

  /** The checkpoint: what is done, enough to resume. */
  public static final String CHECKPOINT = "checkpoint.json";

  /** The machine-readable result of an experiment, a tier or a sub-test. */
  public static final String RESULT = "result.json";

  /** The report data of an experiment, a tier or a sub-test. */
  public static final String REPORT_JSON = "report.json";

  /** The human-readable report of an experiment, a tier or a sub-test. */
  public static final String REPORT_MARKDOWN = "report.md";

  /** The result of one run. */
  public static final String RUN_RESULT = "run_result.json";

  /** The agent's own result, inside a run's {@code agent/} folder. */
  public static final String AGENT_RESULT = "result.json";

  /** The prompt an adapter sent, inside its log folder. */
  public static final String ADAPTER_PROMPT = "prompt.md";

  /** A shell script that repeats an adapter's call, inside its log folder. */
  public static final String ADAPTER_REPLAY = "replay.sh";

  /**
   * What an adapter's process printed on stdout, inside its log folder (custom runners; the Claude
   * Code adapter keeps its stdout as {@link #ADAPTER_TRANSCRIPT}).
   */
  public static final String ADAPTER_STDOUT = "stdout.log";

  /**
   * The agent's whole event stream ({@code claude --output-format stream-json --verbose}), inside
   * its log folder: the run's transcript.
   */
  public static final String ADAPTER_TRANSCRIPT = "transcript.jsonl";

  /** The system prompt an adapter was given (judges), inside its log folder. */
  public static final String ADAPTER_SYSTEM_PROMPT = "system_prompt.md";

  /** What an adapter's process printed on stderr, inside its log folder. */
  public static final String ADAPTER_STDERR = "stderr.log";

  /**
   * The model of an agent or judge call ({@code **Model**: ID}), beside its files, for
   * ProjectScylla's analysis loader.
   */
  public static final String MODEL_MD = "MODEL.md";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern FOLDER_NAME = Pattern.compile("\\d{8}T\\d{6}Z-.+");

  /** Normalises the folder. */
  public ResultsLayout {
    Objects.requireNonNull(dir, "dir");
    dir = dir.toAbsolutePath().normalize();
  }

  /** The layout of the experiment folder {@code dir}. */
  public static ResultsLayout of(Path dir) {
    return new ResultsLayout(dir);
  }

  /** The UTC stamp that names folders made at {@code time}: {@code yyyyMMdd'T'HHmmss'Z'}. */
  public static String stamp(Instant time) {
    return STAMP.format(time);
  }

  /** The folder name of an experiment that starts at {@code start}: {@code <UTC stamp>-<id>}. */
  public static String folderName(Instant start, String experimentId) {
    return stamp(start) + "-" + experimentId;
  }

  /** Whether {@code name} is an experiment folder's name of experiment {@code experimentId}. */
  public static boolean isFolderOf(String name, String experimentId) {
    return name.endsWith("-" + experimentId) && FOLDER_NAME.matcher(name).matches();
  }

  /** Whether {@code dir} holds an experiment (a checkpoint or a result). */
  public static boolean holdsExperiment(Path dir) {
    return Files.exists(dir.resolve(CHECKPOINT)) || Files.exists(dir.resolve(RESULT));
  }

  /** Whether {@code dir} holds a checkpoint (an experiment that was started there). */
  public static boolean hasCheckpoint(Path dir) {
    return Files.exists(dir.resolve(CHECKPOINT));
  }

  /** {@code checkpoint.json}. */
  public Path checkpoint() {
    return dir.resolve(CHECKPOINT);
  }

  /** {@code result.json}: the experiment's result. */
  public Path result() {
    return dir.resolve(RESULT);
  }

  /** {@code report.json}: the experiment's report data. */
  public Path reportJson() {
    return dir.resolve(REPORT_JSON);
  }

  /** {@code report.md}: the experiment's report. */
  public Path reportMarkdown() {
    return dir.resolve(REPORT_MARKDOWN);
  }

  /** {@code tier_comparison.json}: the tiers side by side. */
  public Path tierComparison() {
    return dir.resolve("tier_comparison.json");
  }

  /** {@code report.html}: the self-contained HTML report. */
  public Path reportHtml() {
    return dir.resolve("report.html");
  }

  /** {@code runs.csv}: one row per run. */
  public Path runsCsv() {
    return dir.resolve("runs.csv");
  }

  /** {@code rubric.yaml}: the rubric in ProjectScylla's layout, for its analysis loader. */
  public Path rubricYaml() {
    return dir.resolve("rubric.yaml");
  }

  /** {@code prompt.md}: the fixture's task prompt. */
  public Path prompt() {
    return dir.resolve("prompt.md");
  }

  /** {@code config/experiment.json}: the resolved configuration. */
  public Path experimentConfig() {
    return dir.resolve("config").resolve("experiment.json");
  }

  /**
   * {@code config/scylla_settings.json}: the settings the experiment was last started with, as its
   * caller described them; a resume with other settings is refused.
   */
  public Path settingsDocument() {
    return dir.resolve("config").resolve("scylla_settings.json");
  }

  /** {@code config/rubric.json}: the rubric's threshold and grade scale. */
  public Path rubricConfig() {
    return dir.resolve("config").resolve("rubric.json");
  }

  /** {@code repo/}: the clone of the task repository the workspaces are made from. */
  public Path repository() {
    return dir.resolve("repo");
  }

  /**
   * {@code pipeline_baseline.json}: the automatic checks on the clean task commit, run once before
   * the first agent of the experiment (the name ProjectScylla gives it).
   */
  public Path pipelineBaseline() {
    return dir.resolve("pipeline_baseline.json");
  }

  /**
   * {@code pipeline_baseline/}: where those checks ran: the clean checkout ({@code workspace/},
   * removed once they are done) and their outputs ({@code checks/}).
   */
  public Path pipelineBaselineDir() {
    return dir.resolve("pipeline_baseline");
  }

  /** {@code <tier>/}: a tier's folder. */
  public Path tierDir(TierId tier) {
    return dir.resolve(tier.name());
  }

  /** {@code <tier>/<sub-test>/}: a sub-test's folder. */
  public Path subTestDir(TierId tier, String subTestId) {
    return tierDir(tier).resolve(subTestId);
  }

  /** {@code result.json} in an experiment, tier or sub-test folder. */
  public static Path resultIn(Path levelDir) {
    return levelDir.resolve(RESULT);
  }

  /** {@code report.json} in an experiment, tier or sub-test folder. */
  public static Path reportJsonIn(Path levelDir) {
    return levelDir.resolve(REPORT_JSON);
  }

  /** {@code report.md} in an experiment, tier or sub-test folder. */
  public static Path reportMarkdownIn(Path levelDir) {
    return levelDir.resolve(REPORT_MARKDOWN);
  }

  /** The folder of run {@code run} (from 1) of a sub-test. */
  public Run run(TierId tier, String subTestId, int run) {
    if (run < 1) {
      throw new IllegalArgumentException("run must be >= 1, got " + run);
    }
    return new Run(subTestDir(tier, subTestId).resolve(String.format("run_%02d", run)));
  }

  /** Whether {@code name} is a run folder's name ({@code run_NN}). */
  public static boolean isRunFolder(String name) {
    return name.matches("run_\\d{2,}");
  }

  /**
   * The layout of one run's folder.
   *
   * @param dir the run's folder
   */
  public record Run(Path dir) {

    /** Checks the folder. */
    public Run {
      Objects.requireNonNull(dir, "dir");
    }

    /** {@code run_result.json}. */
    public Path result() {
      return dir.resolve(RUN_RESULT);
    }

    /** {@code task_prompt.md}: the prompt as the agent got it. */
    public Path taskPrompt() {
      return dir.resolve("task_prompt.md");
    }

    /** {@code config_manifest.json}: what the workspace was prepared with. */
    public Path manifest() {
      return dir.resolve("config_manifest.json");
    }

    /** {@code mcp-config.json}: the MCP servers given to the agent. */
    public Path mcpConfig() {
      return dir.resolve("mcp-config.json");
    }

    /** {@code workspace/}: the agent's git worktree. */
    public Path workspace() {
      return dir.resolve("workspace");
    }

    /** {@code agent/}: the agent adapter's log folder. */
    public Path agentDir() {
      return dir.resolve("agent");
    }

    /** {@code agent/result.json}: the agent's own result. */
    public Path agentResult() {
      return agentDir().resolve(AGENT_RESULT);
    }

    /** {@code agent/output.txt}: the agent's final text. */
    public Path agentOutput() {
      return agentDir().resolve("output.txt");
    }

    /** {@code agent/replay.sh}: the agent call, repeatable by hand. */
    public Path agentReplay() {
      return agentDir().resolve(ADAPTER_REPLAY);
    }

    /** {@code agent/MODEL.md}: the agent's model. */
    public Path agentModel() {
      return agentDir().resolve(MODEL_MD);
    }

    /** {@code agent/transcript.jsonl}: the agent's stream-json events, when it kept them. */
    public Path agentTranscript() {
      return agentDir().resolve(ADAPTER_TRANSCRIPT);
    }

    /** {@code judge/diff.patch}: the diff of the agent's changes the judges saw. */
    public Path judgeDiff() {
      return judgeDir().resolve("diff.patch");
    }

    /**
     * {@code judge_history/<stamp>/}: the judge folder and {@code run_result.json} as they were
     * before the run was judged again at {@code stamp}.
     */
    public Path judgeHistory(String stamp) {
      return dir.resolve("judge_history").resolve(stamp);
    }

    /** {@code judge/judge_NN/MODEL.md}: judge {@code n}'s model. */
    public Path judgeModel(int n) {
      return judgeDir(n).resolve(MODEL_MD);
    }

    /** {@code judge/}: the judges' folder. */
    public Path judgeDir() {
      return dir.resolve("judge");
    }

    /** {@code judge/prompt.md}: the prompt every judge got. */
    public Path judgePrompt() {
      return judgeDir().resolve("prompt.md");
    }

    /**
     * {@code judge/pipeline_result.json}: the automatic checks after the agent, in the form of
     * {@code pipeline_baseline.json}.
     */
    public Path judgePipeline() {
      return judgeDir().resolve("pipeline_result.json");
    }

    /** {@code judge/checks/}: the automatic checks' outputs. */
    public Path checksDir() {
      return judgeDir().resolve("checks");
    }

    /** {@code judge/judge_NN/}: judge {@code n}'s (from 1) log folder. */
    public Path judgeDir(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("judge number must be >= 1, got " + n);
      }
      return judgeDir().resolve(String.format("judge_%02d", n));
    }

    /** {@code judge/judge_NN/response.txt}: judge {@code n}'s answer. */
    public Path judgeResponse(int n) {
      return judgeDir(n).resolve("response.txt");
    }

    /**
     * {@code judge/judge_NN/try_T/}: the log folder of judge {@code n}'s try {@code t} (from 2),
     * when its earlier answer had no verdict and it was asked again; its transcript is also
     * appended to the judge's {@code transcript.jsonl}.
     */
    public Path judgeTryDir(int n, int t) {
      if (t < 2) {
        throw new IllegalArgumentException("a judge's later try is 2 or more, got " + t);
      }
      return judgeDir(n).resolve("try_" + t);
    }

    /** {@code judge/judge_NN/judgment.json}: judge {@code n}'s parsed verdict. */
    public Path judgment(int n) {
      return judgeDir(n).resolve("judgment.json");
    }
  }
}
