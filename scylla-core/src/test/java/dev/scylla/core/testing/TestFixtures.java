package dev.scylla.core.testing;

import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentAdapters;
import dev.scylla.core.engine.ExperimentRunner;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureLoader;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.TierId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** The hello-world example as test fixture, copied so tests can add sub-tests. */
public final class TestFixtures {
  /** The example shipped in the repository. */
  public static final Path EXAMPLE = locateExample();

  /**
   * Python for the automatic checks: the system interpreter when present, since a version manager's
   * shim on the PATH costs a second per call on a loaded machine.
   */
  public static final String PYTHON =
      Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

  /** Agent model of the tests. */
  public static final String AGENT_MODEL = "claude-sonnet-4-5-20250929";

  /** Judge model of the tests (the stub answers as a judge when called with it). */
  public static final String JUDGE_MODEL = "claude-opus-4-5-20251101";

  private TestFixtures() {}

  private static Path locateExample() {
    // From the compiled classes (scylla-core/target/test-classes) up to the repository root:
    // independent of the directory Surefire or exec:java runs in.
    try {
      Path classes =
          Path.of(TestFixtures.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path example = classes.resolve("../../../examples/hello-world").normalize();
      if (!Files.isRegularFile(example.resolve("test.yaml"))) {
        throw new IllegalStateException("examples/hello-world not found at " + example);
      }
      return example;
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A copy of the example in {@code dir} with {@code extra} more T0 sub-tests (02, 03...). */
  public static Path copyExample(Path dir, int extra) throws IOException {
    Path target = dir.resolve("hello-world");
    try (Stream<Path> walk = Files.walk(EXAMPLE)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path t = target.resolve(EXAMPLE.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    for (int i = 0; i < extra; i++) {
      Path sub = target.resolve(String.format("t0/%02d-extra", i + 2));
      Files.createDirectories(sub);
      Files.writeString(
          sub.resolve("config.yaml"),
          "name: Extra " + i + "\ndescription: extra sub-test\nextends_previous: false\n");
    }
    return target;
  }

  /** Loads a fixture folder. */
  public static Fixture load(Path dir) {
    return FixtureLoader.load(dir);
  }

  /** An experiment config for the hello-world fixture. */
  public static ExperimentConfig config(
      Fixture f, String id, int runs, int parallel, Integer maxSubtests, Double maxCost) {
    return new ExperimentConfig(
        id,
        f.test().sourceRepo(),
        f.test().sourceHash(),
        f.promptFile().toString(),
        f.test().language(),
        List.of(AGENT_MODEL),
        runs,
        List.of(TierId.T0),
        List.of(JUDGE_MODEL),
        parallel,
        60,
        null,
        maxSubtests,
        maxCost,
        f.testDir().toString(),
        null);
  }

  /**
   * A runner of the shipped hello-world example ({@link #EXAMPLE}, T0, its two sub-tests) with its
   * scripted agent as agent and judge, {@code runs} runs each, two at a time, into {@code
   * resultsRoot}; add to it, then build and run.
   */
  public static ExperimentRunner.Builder helloWorld(int runs, Path resultsRoot) {
    Fixture fixture = load(EXAMPLE);
    AgentAdapter scripted = AgentAdapters.fromSpec("scripted:scripted-agent.yaml", EXAMPLE);
    return ExperimentRunner.builder()
        .fixture(fixture)
        .config(config(fixture, "hello-world", runs, 2, null, null))
        .resultsRoot(resultsRoot)
        .python(PYTHON)
        .agent(scripted)
        .judge(scripted);
  }
}
