package dev.scylla.core.examples;

// docs:begin
import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentOutcome;
import dev.scylla.core.agent.AgentRequest;
import dev.scylla.core.config.ExperimentConfigs;
import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.engine.ExperimentRunner;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureLoader;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.TierId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Runs examples/hello-world with a custom agent and a custom judge, offline. */
public final class EmbeddingExample {

  /** An agent that solves the task by writing hello.py into the run's workspace. */
  static final class HelloAgent implements AgentAdapter {
    @Override
    public String name() {
      return "hello-agent";
    }

    @Override
    public AgentOutcome run(AgentRequest request) throws InterruptedException {
      if (Thread.interrupted()) {
        throw new InterruptedException("experiment stopping");
      }
      long start = System.nanoTime();
      try {
        Files.writeString(
            request.workingDirectory().resolve("hello.py"), "print(\"Hello, World!\")\n");
      } catch (IOException e) {
        // The call ran and failed: an outcome with isError, not an exception.
        return AgentOutcome.builder()
            .exitCode(1)
            .error(true)
            .resultText("cannot write hello.py: " + e)
            .durationSeconds(seconds(start))
            .build();
      }
      return AgentOutcome.builder()
          .subtype("success")
          .resultText("Created hello.py.") // the final text
          .tokens(1000, 100) // input, output tokens
          .totalCostUsd(0.0125) // as reported by the agent (unset: priced from the tokens)
          .durationSeconds(seconds(start))
          .numTurns(1)
          .build();
    }
  }

  /**
   * A judge that passes the run when the git status in its prompt shows hello.py added ("A") and
   * the automatic check that ran it passed.
   */
  static final class HelloJudge implements AgentAdapter {
    @Override
    public String name() {
      return "hello-judge";
    }

    @Override
    public AgentOutcome run(AgentRequest request) {
      long start = System.nanoTime();
      String prompt = request.prompt();
      boolean created = prompt.contains("A  hello.py") && prompt.contains("python3 hello.py: PASS");
      String verdict =
          created
              ? "{\"score\": 1.0, \"passed\": true, \"reasoning\": \"hello.py was created\"}"
              : "{\"score\": 0.0, \"passed\": false, \"reasoning\": \"no hello.py\"}";
      // No reported cost: the engine prices 2,000 input and 400 output tokens of the judge
      // model (claude-opus-4-5: $5 and $25 per million) = $0.02.
      return AgentOutcome.builder()
          .subtype("success")
          .resultText(verdict)
          .tokens(2000, 400)
          .durationSeconds(seconds(start))
          .numTurns(1)
          .build();
    }
  }

  /** Runs one experiment on the fixture in {@code helloWorldDir}, results under the root. */
  public static ExperimentOutcome run(Path helloWorldDir, Path resultsRoot) {
    Fixture fixture = FixtureLoader.load(helloWorldDir);
    ExperimentConfig config =
        ExperimentConfigs.resolve(
            fixture,
            Optional.empty(), // no --config YAML file
            ExperimentConfig.Overrides.builder()
                .tiersToRun(List.of(TierId.T0))
                .runsPerSubtest(1)
                .parallelSubtests(2)
                .judgeModels(List.of("claude-opus-4-5-20251101"))
                .build());
    return ExperimentRunner.builder()
        .fixture(fixture)
        .config(config)
        .resultsRoot(resultsRoot)
        .agent(new HelloAgent())
        .judge(new HelloJudge())
        .build()
        .run();
  }

  /** {@code EmbeddingExample HELLO_WORLD_DIR RESULTS_DIR}: runs and prints the summary. */
  public static void main(String[] args) {
    ExperimentOutcome outcome = run(Path.of(args[0]), Path.of(args[1]));
    outcome.summaryLines().forEach(System.out::println);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private EmbeddingExample() {}
}
// docs:end
