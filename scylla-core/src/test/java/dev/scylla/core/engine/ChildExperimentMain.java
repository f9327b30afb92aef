package dev.scylla.core.engine;

import dev.scylla.core.agent.ClaudeCodeAdapter;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.testing.TestFixtures;
import java.nio.file.Path;

/**
 * Runs an experiment in a separate JVM so a test can kill it with SIGKILL. Arguments: fixture
 * folder, results root, stub binary, stub state folder, seconds each agent sleeps.
 */
public final class ChildExperimentMain {
  private ChildExperimentMain() {}

  /** Entry point of the child JVM. */
  public static void main(String[] args) {
    Fixture fixture = TestFixtures.load(Path.of(args[0]));
    ClaudeCodeAdapter adapter =
        ClaudeCodeAdapter.builder()
            .binary(args[2])
            .environment("STUB_STATE", args[3])
            .environment("STUB_SLEEP", args[4])
            .build();
    ExperimentRunner.builder()
        .fixture(fixture)
        .config(TestFixtures.config(fixture, "killed", 2, 1, null, null))
        .resultsRoot(Path.of(args[1]))
        .python(TestFixtures.PYTHON)
        .agent(adapter)
        .judge(adapter)
        .build()
        .run();
  }
}
