package dev.scylla.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.credentials.WriteBackResult.Outcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Eight write-backs at once must leave the host file valid, 0600 and holding the newest token. */
class ConcurrentWriteBackTest {

  @TempDir Path tmp;
  private Path hostFile;
  private long base;

  @BeforeEach
  void setUp() throws Exception {
    base = Instant.now().plus(Duration.ofHours(1)).toEpochMilli();
    hostFile =
        TestFiles.write(tmp.resolve("home/.claude/.credentials.json"), TestFiles.at("host", base));
  }

  @Test
  @Timeout(60)
  void writeBack_eightThreadsAtOnceKeepTheNewestToken() throws Exception {
    CredentialStager stager = CredentialStager.of(tmp.resolve("runs"), tmp.resolve("state"));
    HostCredentials host = HostCredentials.find(TestFiles.lookup(tmp.resolve("home")));
    // Expiry order deliberately unrelated to thread order.
    long[] offsets = {5_000, 80_000, 20_000, 70_000, 10_000, 60_000, 40_000, 30_000};
    CyclicBarrier start = new CyclicBarrier(offsets.length);
    ExecutorService pool = Executors.newFixedThreadPool(offsets.length);
    try {
      List<Future<WriteBackResult>> results = new ArrayList<>();
      for (long offset : offsets) {
        results.add(
            pool.submit(
                () -> {
                  try (StagedCredentials s = stager.stageForRun(host, StagingOptions.defaults())) {
                    Files.writeString(
                        s.directory().resolve(".credentials.json"),
                        TestFiles.at("t" + offset, base + offset));
                    start.await(10, TimeUnit.SECONDS);
                    return s.writeBack();
                  }
                }));
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (int i = 0; i < offsets.length; i++) {
        outcomes.add(results.get(i).get(30, TimeUnit.SECONDS).outcome());
        if (offsets[i] == 80_000) {
          assertThat(outcomes.get(i)).isEqualTo(Outcome.UPDATED_HOST);
        }
      }
      assertThat(outcomes).allMatch(o -> o == Outcome.UPDATED_HOST || o == Outcome.SKIPPED_OLDER);
    } finally {
      pool.shutdownNow();
    }
    assertHostHoldsNewest(base + 80_000);
  }

  @Test
  @Timeout(60)
  void writeBack_twoJvmsWithFourThreadsEachKeepTheNewestToken() throws Exception {
    Path go = tmp.resolve("go");
    List<String> common =
        List.of(
            hostFile.toString(),
            tmp.resolve("runs").toString(),
            tmp.resolve("state").toString(),
            go.toString());
    List<String> a = new ArrayList<>(common);
    List<String> b = new ArrayList<>(common);
    long[] offsets = {5_000, 80_000, 20_000, 70_000, 10_000, 60_000, 90_000, 30_000};
    for (int i = 0; i < offsets.length; i++) {
      (i % 2 == 0 ? a : b).add(Long.toString(base + offsets[i]));
    }
    Process p1 = TestFiles.startJvm(WriteBackChild.class, a);
    Process p2 = TestFiles.startJvm(WriteBackChild.class, b);
    try {
      BufferedReader r1 = reader(p1);
      BufferedReader r2 = reader(p2);
      assertThat(r1.readLine()).isEqualTo("ready");
      assertThat(r2.readLine()).isEqualTo("ready");
      Files.createFile(go);
      assertThat(r1.readLine()).isEqualTo("done");
      assertThat(r2.readLine()).isEqualTo("done");
      assertThat(p1.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(p2.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(p1.exitValue()).isZero();
      assertThat(p2.exitValue()).isZero();
    } finally {
      p1.destroyForcibly();
      p2.destroyForcibly();
    }
    assertHostHoldsNewest(base + 90_000);
    try (Stream<Path> left = Files.list(tmp.resolve("runs"))) {
      assertThat(left).isEmpty();
    }
  }

  private void assertHostHoldsNewest(long expected) throws Exception {
    assertThat(TestFiles.expiresAt(hostFile)).isEqualTo(expected);
    assertThat(TestFiles.mode(hostFile)).isEqualTo("rw-------");
    try (Stream<Path> files = Files.list(hostFile.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temp files left beside the host file")
          .containsExactlyInAnyOrder(".credentials.json", ".credentials.json.scylla.lock");
    }
  }

  private static BufferedReader reader(Process p) {
    return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
  }
}
