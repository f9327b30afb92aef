package dev.scylla.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scylla.credentials.WriteBackResult.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteBackTest {

  @TempDir Path tmp;
  private Path home;
  private Path hostFile;
  private String hostJson;
  private CredentialStager stager;

  @BeforeEach
  void setUp() throws Exception {
    home = tmp.resolve("home");
    hostJson = TestFiles.valid("host", Duration.ofHours(2));
    hostFile = TestFiles.write(home.resolve(".claude/.credentials.json"), hostJson);
    stager = CredentialStager.of(tmp.resolve("runs"), tmp.resolve("state"));
  }

  private StagedCredentials stage() {
    return stager.stageForRun(
        HostCredentials.find(TestFiles.lookup(home)), StagingOptions.defaults());
  }

  private static Path live(StagedCredentials s) {
    return s.directory().resolve(".credentials.json");
  }

  @Test
  void writeBack_newerStagedTokenReplacesHostFileWithMode0600() throws Exception {
    try (StagedCredentials staged = stage()) {
      String refreshed = TestFiles.valid("refreshed", Duration.ofHours(8));
      Files.writeString(live(staged), refreshed);
      WriteBackResult result = staged.writeBack();
      assertThat(result.outcome()).isEqualTo(Outcome.UPDATED_HOST);
      assertThat(result.describe()).doesNotContain(TestFiles.FAKE);
      assertThat(Files.readString(hostFile)).isEqualTo(refreshed);
      assertThat(TestFiles.mode(hostFile)).isEqualTo("rw-------");
      try (var leftovers = Files.list(hostFile.getParent())) {
        assertThat(leftovers.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder(".credentials.json", ".credentials.json.scylla.lock");
      }
    }
  }

  @Test
  void writeBack_fromAnInterruptedThread_stillDeliversTheToken_andKeepsTheInterrupt()
      throws Exception {
    // The container target writes back after an interrupt stopped its container.
    try (StagedCredentials staged = stage()) {
      String refreshed = TestFiles.valid("refreshed", Duration.ofHours(8));
      Files.writeString(live(staged), refreshed);
      WriteBackResult result;
      boolean stillInterrupted;
      Thread.currentThread().interrupt();
      try {
        result = staged.writeBack();
      } finally {
        stillInterrupted = Thread.interrupted();
      }
      assertThat(result.outcome()).isEqualTo(Outcome.UPDATED_HOST);
      assertThat(Files.readString(hostFile)).isEqualTo(refreshed);
      assertThat(stillInterrupted).as("the interrupt is kept for the caller").isTrue();
    }
  }

  @Test
  void writeBack_olderStagedTokenLeavesHostAlone() throws Exception {
    try (StagedCredentials staged = stage()) {
      Files.writeString(live(staged), TestFiles.valid("older", Duration.ofHours(1)));
      assertThat(staged.writeBack().outcome()).isEqualTo(Outcome.SKIPPED_OLDER);
    }
    assertThat(Files.readString(hostFile)).isEqualTo(hostJson);
  }

  @Test
  void writeBack_blankedStagedFileNeverOverwritesHost() throws Exception {
    try (StagedCredentials staged = stage()) {
      Files.writeString(live(staged), TestFiles.blanked());
      assertThat(staged.writeBack().outcome()).isEqualTo(Outcome.SKIPPED_BLANK);
    }
    assertThat(Files.readString(hostFile)).isEqualTo(hostJson);
  }

  @Test
  void writeBack_unchangedStagedFileIsANoOp() throws Exception {
    Instant before = Files.getLastModifiedTime(hostFile).toInstant();
    try (StagedCredentials staged = stage()) {
      assertThat(staged.writeBack().outcome()).isEqualTo(Outcome.UNCHANGED);
    }
    assertThat(Files.readString(hostFile)).isEqualTo(hostJson);
    assertThat(Files.getLastModifiedTime(hostFile).toInstant()).isEqualTo(before);
  }

  @Test
  void writeBack_malformedStagedFileNeverOverwritesHost() throws Exception {
    try (StagedCredentials staged = stage()) {
      Files.writeString(live(staged), "{\"claudeAiOauth\": {\"accessTok");
      assertThat(staged.writeBack().outcome()).isEqualTo(Outcome.SKIPPED_MALFORMED);
    }
    assertThat(Files.readString(hostFile)).isEqualTo(hostJson);
  }

  @Test
  void writeBack_refreshThenBlankingStillDeliversTheRefreshedToken() throws Exception {
    String refreshed = TestFiles.valid("winner", Duration.ofHours(8));
    try (StagedCredentials staged = stage()) {
      // One Claude process refreshes; the guard runs after its call; another process that lost
      // the refresh race then blanks the shared file.
      Files.writeString(live(staged), refreshed);
      assertThat(CredentialGuard.guard(staged.directory()))
          .isEqualTo(CredentialGuard.Outcome.RECORDED_NEWER);
      Files.writeString(live(staged), TestFiles.blanked());

      assertThat(staged.writeBack().outcome()).isEqualTo(Outcome.UPDATED_HOST);
    }
    assertThat(Files.readString(hostFile)).isEqualTo(refreshed);
  }

  @Test
  void writeBack_repairsAHostFileBlankedMeanwhile() throws Exception {
    try (StagedCredentials staged = stage()) {
      Files.writeString(hostFile, TestFiles.blanked());
      assertThat(staged.writeBack().outcome()).isEqualTo(Outcome.UPDATED_HOST);
    }
    assertThat(Files.readString(hostFile)).isEqualTo(hostJson);
  }

  @Test
  void writeBack_hostFileRemovedMeanwhileIsNotRecreated() throws Exception {
    try (StagedCredentials staged = stage()) {
      Files.writeString(live(staged), TestFiles.valid("refreshed", Duration.ofHours(8)));
      Files.delete(hostFile);
      assertThat(staged.writeBack().outcome()).isEqualTo(Outcome.HOST_UNAVAILABLE);
    }
    assertThat(hostFile).doesNotExist();
  }

  @Test
  void writeBack_replacesTheTargetOfASymlinkedHostFile() throws Exception {
    Path real = TestFiles.write(tmp.resolve("dotfiles/credentials.json"), hostJson);
    Files.delete(hostFile);
    Files.createSymbolicLink(hostFile, real);
    String refreshed = TestFiles.valid("refreshed", Duration.ofHours(8));
    try (StagedCredentials staged = stage()) {
      Files.writeString(live(staged), refreshed);
      assertThat(staged.writeBack().outcome()).isEqualTo(Outcome.UPDATED_HOST);
    }
    assertThat(Files.isSymbolicLink(hostFile)).isTrue();
    assertThat(Files.readString(real)).isEqualTo(refreshed);
    assertThat(TestFiles.mode(real)).isEqualTo("rw-------");
  }

  @Test
  void writeBack_asRootKeepsTheHostFileOwnedByItsUser() throws Exception {
    assumeTrue(TestFiles.runningAsRoot(), "only root writes another user's file");
    Files.setAttribute(hostFile, "unix:uid", 4321);
    Files.setAttribute(hostFile, "unix:gid", 4322);
    try (StagedCredentials staged = stage()) {
      Files.writeString(live(staged), TestFiles.valid("refreshed", Duration.ofHours(8)));
      assertThat(staged.writeBack().outcome()).isEqualTo(Outcome.UPDATED_HOST);
    }
    assertThat(TestFiles.uid(hostFile)).isEqualTo(4321);
    assertThat(TestFiles.gid(hostFile)).isEqualTo(4322);
    assertThat(TestFiles.uid(hostFile.resolveSibling(".credentials.json.scylla.lock")))
        .isEqualTo(4321);
    assertThat(TestFiles.mode(hostFile)).isEqualTo("rw-------");
  }
}
