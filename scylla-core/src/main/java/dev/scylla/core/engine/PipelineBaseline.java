package dev.scylla.core.engine;

import dev.scylla.core.internal.FileTrees;
import dev.scylla.core.internal.Git;
import dev.scylla.core.internal.judge.PipelineResult;
import dev.scylla.core.internal.judge.WorkspaceChecks;
import dev.scylla.core.results.ResultFileException;
import dev.scylla.core.results.ResultFiles;
import dev.scylla.core.results.ResultsLayout;
import dev.scylla.core.workspace.TaskRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The experiment's checks before the agent: the automatic checks of the fixture's language, run
 * once on a clean checkout of the task commit (never in an agent's workspace) and kept as {@code
 * pipeline_baseline.json}. A resumed experiment and a re-judging read the file and never run them
 * again. Checks that cannot be run at all (the checkout cannot be made) are recorded as N/A with
 * the reason; they never stop the experiment.
 */
final class PipelineBaseline {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineBaseline.class);

  private PipelineBaseline() {}

  /**
   * The saved checks of the experiment in {@code layout}, else runs them on a fresh checkout of
   * {@code repo}'s commit and saves them.
   *
   * @throws InterruptedException when the experiment stops while they run (nothing is saved, so a
   *     resumed experiment runs them)
   */
  static PipelineResult ensure(
      ResultsLayout layout, TaskRepository repo, String language, WorkspaceChecks checks)
      throws InterruptedException {
    Optional<PipelineResult> saved = read(layout);
    if (saved.isPresent()) {
      LOG.debug("checks before the agent: reusing {}", layout.pipelineBaseline());
      return saved.get();
    }
    PipelineResult result = run(layout, repo, language, checks);
    ResultFiles.writeJson(layout.pipelineBaseline(), result);
    LOG.info(
        "checks before the agent on {}: {}",
        repo.commit(),
        result.notRunReason() != null
            ? "not run (" + result.notRunReason() + ")"
            : result.allPassed() ? "all passed or N/A" : "some failed");
    return result;
  }

  /** The saved checks of the experiment in {@code layout}, when there are (readable) ones. */
  static Optional<PipelineResult> read(ResultsLayout layout) {
    Path file = layout.pipelineBaseline();
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(ResultFiles.readJson(file, PipelineResult.class));
    } catch (ResultFileException e) {
      LOG.warn("{}: {}; running the checks before the agent again", file, e.getMessage());
      return Optional.empty();
    }
  }

  private static PipelineResult run(
      ResultsLayout layout, TaskRepository repo, String language, WorkspaceChecks checks)
      throws InterruptedException {
    Path workspace = layout.pipelineBaselineDir().resolve("workspace");
    try {
      repo.addWorktree(workspace);
      return PipelineResult.of(
          language,
          checks.runBeforeAgent(
              language, workspace, layout.pipelineBaselineDir().resolve("checks")));
    } catch (RuntimeException e) {
      // The checks are evidence for the judges, not a condition of the experiment.
      LOG.warn("checks before the agent could not be run: {}", e.getMessage());
      return PipelineResult.notRun(
          language,
          "the clean checkout of the task commit failed: " + EngineFiles.firstLine(e.getMessage()));
    } finally {
      remove(repo, workspace);
    }
  }

  private static void remove(TaskRepository repo, Path workspace) throws InterruptedException {
    if (!Files.exists(workspace)) {
      return;
    }
    try {
      Git.run(repo.directory(), "worktree", "remove", "--force", workspace.toString());
    } catch (RuntimeException e) {
      LOG.debug("worktree remove {}: {}", workspace, e.getMessage());
    }
    FileTrees.delete(workspace);
    try {
      Git.run(repo.directory(), "worktree", "prune");
    } catch (RuntimeException e) {
      LOG.debug("worktree prune: {}", e.getMessage());
    }
  }
}
