package dev.scylla.credentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Prints how long finding + staging credentials for a run takes, and how long the write-back check
 * at the end takes (goal: both together within 20 ms). Run with {@code ./mvnw -q -pl
 * scylla-credentials test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.scylla.credentials.CredentialStagerBenchmark}.
 */
public final class CredentialStagerBenchmark {

  private CredentialStagerBenchmark() {}

  /** Entry point; the optional argument is the number of measured iterations. */
  public static void main(String[] args) throws Exception {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int warmup = 50;
    Path root = Files.createTempDirectory("scylla-cred-bench");
    try {
      Path home = root.resolve("home");
      TestFiles.write(
          home.resolve(".claude/.credentials.json"), TestFiles.valid("bench", Duration.ofHours(8)));
      CredentialLookup lookup = TestFiles.lookup(home);
      CredentialStager stager = CredentialStager.of(root.resolve("runs"), root.resolve("state"));
      long[] stage = new long[iterations];
      long[] check = new long[iterations];
      long[] close = new long[iterations];
      for (int i = -warmup; i < iterations; i++) {
        long t0 = System.nanoTime();
        StagedCredentials staged =
            stager.stageForRun(HostCredentials.find(lookup), StagingOptions.defaults());
        long t1 = System.nanoTime();
        WriteBackResult result = staged.writeBack();
        long t2 = System.nanoTime();
        staged.close();
        long t3 = System.nanoTime();
        if (result.outcome() != WriteBackResult.Outcome.UNCHANGED) {
          throw new IllegalStateException("unexpected write-back: " + result.describe());
        }
        if (i == -warmup) {
          System.out.println(
              String.format(
                  Locale.ROOT,
                  "first call in this JVM (cold): stage %.2f ms, check %.2f ms, close %.2f ms",
                  (t1 - t0) / 1e6,
                  (t2 - t1) / 1e6,
                  (t3 - t2) / 1e6));
        }
        if (i >= 0) {
          stage[i] = t1 - t0;
          check[i] = t2 - t1;
          close[i] = t3 - t2;
        }
      }
      System.out.println("iterations: " + iterations + " (after " + warmup + " warm-up)");
      print("find + stage (per run)", stage);
      print("write-back check (nothing newer)", check);
      print("close (final check + delete)", close);
      long[] sum = new long[iterations];
      for (int i = 0; i < iterations; i++) {
        sum[i] = stage[i] + check[i];
      }
      print("stage + check, goal <= 20 ms", sum);
    } finally {
      dev.scylla.credentials.internal.SecureFiles.deleteRecursively(root);
    }
  }

  private static void print(String label, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.println(
        String.format(
            Locale.ROOT,
            "%-34s median %6.2f ms   p95 %6.2f ms   max %6.2f ms",
            label,
            sorted[sorted.length / 2] / 1e6,
            sorted[(int) (sorted.length * 0.95)] / 1e6,
            sorted[sorted.length - 1] / 1e6));
  }
}
