package dev.scylla.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.credentials.CredentialGuard.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialGuardTest {

  @TempDir Path dir;

  private Path live() {
    return dir.resolve(".credentials.json");
  }

  private Path kept() {
    return dir.resolve(".credentials.newest.json");
  }

  @Test
  void guard_keepsTheNewestTokenWithMode0600() throws Exception {
    String first = TestFiles.valid("a", Duration.ofHours(1));
    Files.writeString(live(), first);
    assertThat(CredentialGuard.guard(dir)).isEqualTo(Outcome.RECORDED_NEWER);
    assertThat(Files.readString(kept())).isEqualTo(first);
    assertThat(TestFiles.mode(kept())).isEqualTo("rw-------");
    assertThat(CredentialGuard.guard(dir)).isEqualTo(Outcome.UNCHANGED);

    String newer = TestFiles.valid("b", Duration.ofHours(8));
    Files.writeString(live(), newer);
    assertThat(CredentialGuard.guard(dir)).isEqualTo(Outcome.RECORDED_NEWER);
    assertThat(Files.readString(kept())).isEqualTo(newer);

    Files.writeString(live(), TestFiles.valid("older", Duration.ofHours(2)));
    assertThat(CredentialGuard.guard(dir)).isEqualTo(Outcome.UNCHANGED);
    assertThat(Files.readString(kept())).isEqualTo(newer);
  }

  @Test
  void guardConfigDirOf_guardsTheDirectoryTheEnvironmentNames_andNothingElse() throws Exception {
    String token = TestFiles.valid("a", Duration.ofHours(1));
    Files.writeString(live(), token);

    CredentialGuard.guardConfigDirOf(java.util.Map.of());
    CredentialGuard.guardConfigDirOf(
        java.util.Map.of("CLAUDE_CONFIG_DIR", dir.resolve("absent").toString()));
    assertThat(kept()).as("no CLAUDE_CONFIG_DIR, or none there: nothing guarded").doesNotExist();

    CredentialGuard.guardConfigDirOf(java.util.Map.of("CLAUDE_CONFIG_DIR", dir.toString()));
    assertThat(Files.readString(kept())).isEqualTo(token);
  }

  @Test
  void guard_restoresABlankedLiveFileFromItsCopy() throws Exception {
    String good = TestFiles.valid("good", Duration.ofHours(3));
    Files.writeString(live(), good);
    CredentialGuard.guard(dir);
    Files.writeString(live(), TestFiles.blanked());
    assertThat(CredentialGuard.guard(dir)).isEqualTo(Outcome.RESTORED_BLANKED);
    assertThat(Files.readString(live())).isEqualTo(good);
  }

  @Test
  void guard_leavesAMalformedLiveFileAlone() throws Exception {
    Files.writeString(live(), TestFiles.valid("good", Duration.ofHours(3)));
    CredentialGuard.guard(dir);
    Files.writeString(live(), "{\"claudeAiOauth\": {"); // maybe a write in progress
    assertThat(CredentialGuard.guard(dir)).isEqualTo(Outcome.UNCHANGED);
    assertThat(Files.readString(live())).isEqualTo("{\"claudeAiOauth\": {");
  }

  @Test
  void guard_onAnEmptyOrMissingDirectoryHasNothingToKeep() {
    assertThat(CredentialGuard.guard(dir)).isEqualTo(Outcome.NOTHING_TO_KEEP);
    assertThat(CredentialGuard.guard(dir.resolve("absent"))).isEqualTo(Outcome.NOTHING_TO_KEEP);
    assertThat(dir.resolve("absent")).doesNotExist();
  }

  @Test
  void guard_isSafeFromManyThreadsAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Outcome>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        results.add(
            pool.submit(
                () -> {
                  Outcome last = null;
                  for (int k = 0; k < 20; k++) {
                    if (k % 5 == 0) {
                      TestFiles.write(
                          dir.resolve("w" + n + ".tmp"),
                          TestFiles.valid("t" + n + "-" + k, Duration.ofHours(1 + n + k)));
                      Files.move(
                          dir.resolve("w" + n + ".tmp"),
                          live(),
                          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    }
                    last = CredentialGuard.guard(dir);
                    assertThat(last).isNotEqualTo(Outcome.FAILED);
                  }
                  return last;
                }));
      }
      for (Future<Outcome> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isNotEqualTo(Outcome.FAILED);
      }
    } finally {
      pool.shutdownNow();
    }
    CredentialGuard.guard(dir);
    long keptExpiry = TestFiles.expiresAt(kept());
    assertThat(keptExpiry).isGreaterThanOrEqualTo(TestFiles.expiresAt(live()));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              ".credentials.json", ".credentials.newest.json", ".scylla-guard.lock");
    }
  }
}
