package dev.scylla.core.internal.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.core.internal.Git;
import dev.scylla.core.testing.TestFixtures;
import dev.scylla.core.testing.UsesGit;
import dev.scylla.core.testing.UsesPython3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the judge sees of a workspace, against git's own answers. */
@UsesGit
class JudgeContextTest {
  @TempDir Path tmp;

  private final WorkspaceChecks checks =
      new WorkspaceChecks(Duration.ofSeconds(60), TestFixtures.PYTHON);

  private String init(Path ws) throws Exception {
    Files.createDirectories(ws);
    Git.run(ws, "init", "-q");
    Files.writeString(ws.resolve("README.md"), "task\n");
    Files.writeString(ws.resolve("old.txt"), "line one\nline two\nline three\nline four\n");
    Files.writeString(ws.resolve("gone.txt"), "to be deleted\n");
    Git.run(ws, "add", "-A");
    Git.run(ws, "commit", "-q", "-m", "prepared");
    return Git.run(ws, "rev-parse", "HEAD").strip();
  }

  @Test
  void collect_matchesGitNameStatusWithoutRenames_andGitDiff() throws Exception {
    Path ws = tmp.resolve("ws");
    String prepared = init(ws);
    Files.move(ws.resolve("old.txt"), ws.resolve("new.txt"));
    Files.delete(ws.resolve("gone.txt"));
    Files.writeString(ws.resolve("README.md"), "task, edited\n");
    Files.writeString(ws.resolve("notes.md"), "added\n");

    JudgeContext ctx =
        JudgeContext.collect(ws, prepared, "done", "markdown", checks, tmp.resolve("scratch"));

    String expectedStatus =
        Arrays.stream(
                Git.run(ws, "diff", "--cached", "--name-status", "--no-renames", prepared)
                    .split("\n"))
            .filter(l -> !l.isBlank())
            .map(l -> l.replace("\t", "  ") + "\n")
            .collect(Collectors.joining());
    assertThat(ctx.gitStatus())
        .isEqualTo(expectedStatus)
        .isEqualTo("M  README.md\nD  gone.txt\nA  new.txt\nA  notes.md\nD  old.txt\n");
    assertThat(ctx.deletedFiles()).containsExactly("gone.txt", "old.txt");
    assertThat(ctx.changedFiles()).containsExactly("README.md", "new.txt", "notes.md");
    assertThat(ctx.gitDiff()).isEqualTo(Git.run(ws, "diff", "--cached", "--no-color", prepared));
  }

  @Test
  void collect_withoutChanges_hasEmptyStatusAndDiff() throws Exception {
    Path ws = tmp.resolve("clean");
    String prepared = init(ws);

    JudgeContext ctx =
        JudgeContext.collect(ws, prepared, "done", "markdown", checks, tmp.resolve("scratch"));

    assertThat(ctx.gitStatus()).isEmpty();
    assertThat(ctx.gitDiff()).isEmpty();
    assertThat(ctx.changedFiles()).isEmpty();
  }

  @Test
  @UsesPython3
  void collect_python_compilesOnlyWhenAPythonFileChanged() throws Exception {
    Path ws = tmp.resolve("py");
    String prepared = init(ws);
    Files.writeString(ws.resolve("README.md"), "task, edited\n");

    JudgeContext noPython =
        JudgeContext.collect(ws, prepared, "done", "python", checks, tmp.resolve("s1"));
    Files.writeString(ws.resolve("hello.py"), "print('Hello, World!')\n");
    JudgeContext withPython =
        JudgeContext.collect(ws, prepared, "done", "python", checks, tmp.resolve("s2"));

    assertThat(noPython.checks().get(0).name()).isEqualTo("python3 -m compileall");
    assertThat(noPython.checks().get(0).status()).isEqualTo("N/A");
    assertThat(withPython.checks().get(0).status()).isEqualTo("PASS");
    assertThat(withPython.checks().get(1).name()).isEqualTo("python3 hello.py");
    assertThat(withPython.checks().get(1).status()).isEqualTo("PASS");
  }
}
