package dev.scylla.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Staging left by a child JVM: removed on SIGTERM by the hook, after SIGKILL by the sweep. */
class CleanupTest {

  @TempDir Path tmp;
  private Path hostFile;
  private Path runs;
  private Path state;

  @BeforeEach
  void setUp() throws Exception {
    hostFile =
        TestFiles.write(
            tmp.resolve("home/.claude/.credentials.json"),
            TestFiles.valid("host", Duration.ofHours(1)));
    runs = tmp.resolve("runs");
    state = tmp.resolve("state");
  }

  private Process child() throws Exception {
    return TestFiles.startJvm(
        StagingChild.class, List.of(hostFile.toString(), runs.toString(), state.toString()));
  }

  private static Path stagedDirOf(Process p) throws Exception {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = r.readLine();
    assertThat(line).as("child's staging directory").isNotNull();
    return Path.of(line);
  }

  @Test
  @Timeout(60)
  void sigterm_deletesTheStagingAndWritesBackTheRefreshedToken() throws Exception {
    Process p = child();
    try {
      Path dir = stagedDirOf(p);
      assertThat(dir.resolve(".credentials.json")).exists();
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(dir).doesNotExist();
      assertThat(Files.readString(hostFile)).contains("child-refresh");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  @Timeout(60)
  void sweep_removesTheStagingOfAKilledProcessButSparesOneInUse() throws Exception {
    Process first = child();
    Process second = child();
    Path dead;
    Path deadInUse;
    try {
      dead = stagedDirOf(first);
      deadInUse = stagedDirOf(second);
      first.destroyForcibly(); // SIGKILL: no hook runs
      second.destroyForcibly();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      first.destroyForcibly();
      second.destroyForcibly();
    }
    assertThat(dead).isDirectory();
    // A live process's staging is never an orphan.
    CredentialStager stager = CredentialStager.of(runs, state);
    HostCredentials host = HostCredentials.find(TestFiles.lookup(tmp.resolve("home")));
    try (StagedCredentials mine = stager.stageForRun(host, StagingOptions.defaults())) {
      StagingSweeper.Report report = stager.sweeper().sweep(Set.of(deadInUse));

      assertThat(report.removed()).containsExactly(dead);
      assertThat(report.sparedInUse()).containsExactly(deadInUse);
      assertThat(report.failures()).isEmpty();
      assertThat(dead).doesNotExist();
      assertThat(deadInUse).isDirectory();
      assertThat(mine.directory()).isDirectory();
      // The killed process's refreshed token was rescued before its staging was removed.
      assertThat(Files.readString(hostFile)).contains("child-refresh");
    }
    assertThat(stager.sweeper().sweep(Set.of()).removed()).containsExactly(deadInUse);
  }

  @Test
  void sweepShells_removesOnlyShellsThatNoLongerExist() throws Exception {
    CredentialStager stager = CredentialStager.of(runs, state);
    HostCredentials host = HostCredentials.find(TestFiles.lookup(tmp.resolve("home")));
    Path kept = stager.stageForShell(host, "kept", StagingOptions.defaults()).directory();
    Path gone = stager.stageForShell(host, "gone", StagingOptions.defaults()).directory();
    StagingSweeper.Report report = stager.sweeper().sweepShells(Set.of("kept"));
    assertThat(report.removed()).containsExactly(gone);
    assertThat(kept).isDirectory();
    assertThat(gone).doesNotExist();
  }
}
