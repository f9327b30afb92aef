package dev.scylla.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.scylla.core.internal.Git.GitException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Git#run} against a fake {@code git}: a shell script, so no git is needed. */
class GitTest {
  @TempDir Path dir;

  private Path fakeGit(String body) throws Exception {
    Path git = dir.resolve("git");
    Files.writeString(git, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(git, PosixFilePermissions.fromString("rwx------"));
    return git;
  }

  @Test
  void aHungClone_timesOutWithinTheBound_andNothingOfItKeepsRunning() throws Exception {
    // As a clone stuck on its network: a child (the transport) holds stdout open and never ends.
    Path pid = dir.resolve("transport.pid");
    Path git = fakeGit("echo 'Cloning into repo...'\nsleep 600 &\necho $! > " + pid + "\nwait\n");

    GitException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () ->
                org.junit.jupiter.api.Assertions.assertThrows(
                    GitException.class,
                    () ->
                        Git.run(
                            git.toString(),
                            dir,
                            List.of("clone", "https://example.invalid/repo"),
                            Duration.ofSeconds(1))),
            "Git.run ignored its timeout");

    assertThat(e).hasMessageContaining("clone https://example.invalid/repo timed out after");
    long transport = Long.parseLong(Files.readString(pid).strip());
    assertThat(ProcessHandle.of(transport).filter(ProcessHandle::isAlive))
        .as("the clone's child process")
        .isEmpty();
  }

  @Test
  void aFailingCommand_throwsWithItsStderr_andAnEndingOneReturnsItsStdout() throws Exception {
    Path git =
        fakeGit(
            "if [ \"$9\" = fail ]; then echo 'fatal: no such ref' >&2; exit 128; fi\n"
                + "echo \"out $9\"\n");

    assertThat(Git.run(git.toString(), dir, List.of("ok"), Duration.ofSeconds(30)))
        .isEqualTo("out ok\n");
    assertThatThrownBy(() -> Git.run(git.toString(), dir, List.of("fail"), Duration.ofSeconds(30)))
        .isInstanceOf(GitException.class)
        .hasMessageContaining("exit 128")
        .hasMessageContaining("fatal: no such ref")
        .extracting(t -> ((GitException) t).stderr())
        .asString()
        .contains("fatal: no such ref");
  }
}
