package dev.scylla.core.engine;

import dev.scylla.core.agent.ScriptedAgent;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.testing.TestFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Prints two figures of the engine (not a test: no assertion on timing).
 *
 * <ol>
 *   <li>Scheduler efficiency: 8 sub-tests × 1 run of a 2 s scripted agent with parallel 4; ideal 4
 *       s; efficiency = ideal / measured (goal ≥ 0.9).
 *   <li>Engine overhead per run with a 0 s scripted agent: worktree, preparation, checks, judge
 *       parsing, result files (goal ≤ 300 ms).
 * </ol>
 *
 * Run: {@code ./mvnw -q -pl scylla-core test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.scylla.core.engine.EngineBenchmark}
 */
public final class EngineBenchmark {
  private EngineBenchmark() {}

  /** Runs both measurements and prints them. */
  public static void main(String[] args) throws Exception {
    Path tmp = Files.createTempDirectory("scylla-bench");
    try {
      double seconds = measure(tmp.resolve("sched"), 6, 1, 4, 2.0);
      double ideal = 8 * 2.0 / 4;
      System.out.printf(
          Locale.ROOT,
          "scheduler: 8 sub-tests x 1 run x 2 s agent, parallel 4: %.2f s (ideal %.1f s),"
              + " efficiency %.2f (goal >= 0.90)%n",
          seconds,
          ideal,
          ideal / seconds);
      int runs = 5;
      double zero = measure(tmp.resolve("overhead"), 0, runs, 1, 0.0);
      System.out.printf(
          Locale.ROOT,
          "overhead: %d runs of a 0 s agent in %.2f s: %.0f ms per run (goal <= 300 ms)%n",
          2 * runs,
          zero,
          zero * 1000 / (2 * runs));
    } finally {
      try (Stream<Path> walk = Files.walk(tmp)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Seconds for one experiment of (2 + extra) sub-tests × runs with an agent taking delay s. */
  private static double measure(Path dir, int extra, int runs, int parallel, double delay)
      throws Exception {
    Fixture fixture = TestFixtures.load(TestFixtures.copyExample(dir, extra));
    Path script = dir.resolve("agent.yaml");
    Files.writeString(
        script,
        String.format(
            Locale.ROOT,
            "agent:\n  default: {files: {hello.py: \"print('Hello, World!')\\n\"}, cost_usd: 0.01,"
                + " delay_seconds: %s}\njudge:\n  default: {score: 0.9}\n",
            delay));
    ScriptedAgent agent = ScriptedAgent.load(script);
    long start = System.nanoTime();
    ExperimentOutcome outcome =
        ExperimentRunner.builder()
            .fixture(fixture)
            .config(TestFixtures.config(fixture, "bench", runs, parallel, null, null))
            .resultsRoot(dir.resolve("results"))
            .python(TestFixtures.PYTHON)
            .agent(agent)
            .judge(agent)
            .build()
            .run();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (outcome.status() != ExperimentStatus.COMPLETED) {
      throw new IllegalStateException("benchmark experiment ended " + outcome.status());
    }
    return seconds;
  }
}
