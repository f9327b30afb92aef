package dev.scylla.api;

import dev.scylla.core.engine.BatchTest;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several tests run as one batch: every test's experiment has the same settings (those of a
 * template {@link Experiment}, with each test's folder), the batch caps the concurrent runs across
 * all of them ({@link #parallel()}, tests interleaved fairly) and has one agent-cost budget. The
 * results go to one batch folder {@code <results>/<UTC timestamp>-<batch id>/} that holds each
 * test's experiment folder as a lone run would write it, and the batch's files ({@code batch.json},
 * {@code batch_summary.json}, {@code batch_report.html}, {@code runs.csv}).
 *
 * <p>A test's id is its {@code test.yaml} id (its folder's name when that cannot be read). The
 * template may not set what belongs to one test: the repository, the commit, the prompt or the
 * experiment id.
 */
public final class Batch {

  /** The top-level {@code id:} of a {@code test.yaml}, quoted or not. */
  private static final Pattern TOP_LEVEL_ID =
      Pattern.compile("^id:\\s*[\"']?([^\"'#]*?)[\"']?\\s*(#.*)?$");

  /** The batch id when none is given. */
  public static final String DEFAULT_ID = "batch";

  private final String id;
  private final List<Path> testDirs;
  private final List<BatchTest> tests;
  private final Experiment template;
  private final int parallel;
  private final BigDecimal maxCostUsd;
  private final boolean fresh;

  private Batch(Builder b) {
    this.id = b.id;
    this.testDirs = List.copyOf(b.testDirs);
    this.template = b.template;
    this.parallel = b.parallel;
    this.maxCostUsd = b.maxCostUsd;
    this.fresh = b.fresh;
    List<BatchTest> list = new ArrayList<>();
    Map<String, Path> seen = new HashMap<>();
    for (Path dir : testDirs) {
      String testId = testId(dir);
      Path other = seen.putIfAbsent(testId, dir);
      if (other != null) {
        throw new InvalidInputException(
            "two tests have the id '" + testId + "': " + other + " and " + dir);
      }
      list.add(new BatchTest(testId, dir));
    }
    this.tests = List.copyOf(list);
  }

  /**
   * A builder of a batch of the tests in {@code testDirs}, each run with the settings of {@code
   * template} (its test folder, parallel, budget and fresh are the batch's own).
   */
  public static Builder builder(Collection<Path> testDirs, Experiment template) {
    return new Builder(testDirs, template);
  }

  /** The batch's id. */
  public String id() {
    return id;
  }

  /** The tests, in order. */
  public List<BatchTest> tests() {
    return tests;
  }

  /** The settings every test's experiment shares. */
  public Experiment template() {
    return template;
  }

  /** How many runs may run at once across the batch. */
  public int parallel() {
    return parallel;
  }

  /** The batch's agent-cost budget in USD, or null. */
  public BigDecimal maxCostUsd() {
    return maxCostUsd;
  }

  /** Whether to start a new batch folder rather than resume. */
  public boolean fresh() {
    return fresh;
  }

  /** The results root the batch folder goes under. */
  public Path resultsDir() {
    return template.resultsDir();
  }

  /** The experiment of one test: the template's settings with the test's folder. */
  public Experiment experiment(BatchTest test) {
    return template.toBuilder()
        .tiersDir(test.testDir())
        .parallel(parallel)
        .maxCostUsd(null)
        .fresh(false)
        .build();
  }

  /**
   * The settings that must stay the same when the batch resumes: the template's settings document
   * without the test folder and the invocation-only settings, the batch's cap and budget.
   */
  public Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    com.fasterxml.jackson.databind.node.ObjectNode experiment = template.settings().tree();
    experiment.remove("tiers_dir");
    experiment.remove("max_cost_usd");
    experiment.remove(ExperimentSettings.INVOCATION_ONLY);
    s.put("experiment", experiment.toString());
    s.put("parallel", Integer.toString(parallel));
    s.put("max_cost_usd", maxCostUsd == null ? "" : maxCostUsd.toPlainString());
    return s;
  }

  /** Runs the batch on {@code target} and waits for it: {@code target.start(Job.batch(this))}. */
  public BatchOutcome run(Target target) throws InterruptedException {
    return target.start(Job.batch(this)).await();
  }

  /** A test's id: the {@code id} of its {@code test.yaml}, else its folder's name. */
  static String testId(Path dir) {
    Path yaml = dir.resolve("test.yaml");
    if (Files.isRegularFile(yaml)) {
      try {
        for (String line : Files.readAllLines(yaml)) {
          Matcher m = TOP_LEVEL_ID.matcher(line);
          if (m.matches() && !m.group(1).isBlank()) {
            return m.group(1).strip();
          }
        }
      } catch (IOException | RuntimeException e) {
        // An unreadable test.yaml: the test keeps its folder's name and is skipped when it runs.
      }
    }
    Path name = dir.getFileName();
    return name == null ? dir.toString() : name.toString();
  }

  /** Builds a {@link Batch}. */
  public static final class Builder {
    private final List<Path> testDirs = new ArrayList<>();
    private final Experiment template;
    private String id = DEFAULT_ID;
    private int parallel = 4;
    private BigDecimal maxCostUsd;
    private boolean fresh;

    private Builder(Collection<Path> testDirs, Experiment template) {
      this.template = Objects.requireNonNull(template, "template");
      for (Path dir : testDirs) {
        this.testDirs.add(dir.toAbsolutePath().normalize());
      }
    }

    /** The batch's id (default {@value #DEFAULT_ID}). */
    public Builder id(String id) {
      if (id == null || id.isBlank() || id.contains("/")) {
        throw new InvalidInputException(
            "the batch id must be a non-blank name without '/', was '" + id + "'");
      }
      this.id = id;
      return this;
    }

    /** How many runs may run at once across the batch (default 4). */
    public Builder parallel(int parallel) {
      if (parallel < 1) {
        throw new InvalidInputException("the batch's parallel runs must be >= 1, was " + parallel);
      }
      this.parallel = parallel;
      return this;
    }

    /** The batch's agent-cost budget in USD (default: none). */
    public Builder maxCostUsd(BigDecimal usd) {
      this.maxCostUsd = usd;
      return this;
    }

    /** Start a new batch folder even when one of the same id exists. */
    public Builder fresh(boolean fresh) {
      this.fresh = fresh;
      return this;
    }

    /**
     * Builds the batch.
     *
     * @throws InvalidInputException for no tests, two tests of one id, or a template that sets the
     *     repository, the commit, the prompt or the experiment id
     */
    public Batch build() {
      if (testDirs.isEmpty()) {
        throw new InvalidInputException("a batch needs at least one test folder");
      }
      List<String> perTest = new ArrayList<>();
      ExperimentSettings t = template.settings();
      if (t.repo() != null) {
        perTest.add("repository");
      }
      if (t.commit() != null) {
        perTest.add("commit");
      }
      if (t.prompt() != null) {
        perTest.add("prompt");
      }
      if (t.experimentId() != null) {
        perTest.add("experiment id");
      }
      if (testDirs.size() > 1 && !perTest.isEmpty()) {
        throw new InvalidInputException(
            "the "
                + String.join(", ", perTest)
                + " of one test cannot be given to a batch of several tests");
      }
      return new Batch(this);
    }
  }
}
