package dev.scylla.core.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.core.internal.FileTrees;
import dev.scylla.core.internal.Git;
import dev.scylla.core.testing.UsesGit;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TaskRepository#addWorktree} after a run was stopped in the middle of adding one. */
@UsesGit
class TaskRepositoryWorktreeTest {

  @TempDir Path dir;

  @Test
  void addWorktree_overAMissingButLockedWorktree_addsItAgain() throws Exception {
    Path source = Files.createDirectories(dir.resolve("source"));
    Git.run(source, "init", "--quiet", "-b", "main");
    Files.writeString(source.resolve("README.md"), "hello\n");
    Git.run(source, "add", "README.md");
    Git.run(source, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "1");
    String head = Git.run(source, "rev-parse", "HEAD").strip();
    TaskRepository repo = TaskRepository.open(source.toString(), head, dir, dir.resolve("clone"));
    Path workspace = dir.resolve("run_01/workspace");
    repo.addWorktree(workspace);
    // What `git worktree add` leaves when it is killed: registered, locked, no folder.
    Git.run(dir.resolve("clone"), "worktree", "lock", workspace.toString());
    FileTrees.delete(workspace);

    Path again = repo.addWorktree(workspace);

    assertThat(again.resolve("README.md")).hasContent("hello");
  }

  @Test
  void addWorktree_overALockedWorktreeWhoseFolderIsLeft_addsItAgain() throws Exception {
    Path source = Files.createDirectories(dir.resolve("source"));
    Git.run(source, "init", "--quiet", "-b", "main");
    Files.writeString(source.resolve("README.md"), "hello\n");
    Git.run(source, "add", "README.md");
    Git.run(source, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "1");
    String head = Git.run(source, "rev-parse", "HEAD").strip();
    TaskRepository repo = TaskRepository.open(source.toString(), head, dir, dir.resolve("clone"));
    Path workspace = dir.resolve("run_01/workspace");
    repo.addWorktree(workspace);
    Git.run(dir.resolve("clone"), "worktree", "lock", workspace.toString());
    Files.writeString(workspace.resolve("half-written.txt"), "x");

    Path again = repo.addWorktree(workspace);

    assertThat(again.resolve("README.md")).hasContent("hello");
    assertThat(again.resolve("half-written.txt")).doesNotExist();
  }
}
