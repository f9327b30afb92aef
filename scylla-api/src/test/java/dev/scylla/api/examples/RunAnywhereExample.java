package dev.scylla.api.examples;

import dev.scylla.api.ContainerTarget;
import dev.scylla.api.Experiment;
import dev.scylla.api.ImageSource;
import dev.scylla.api.Job;
import dev.scylla.api.JobHandle;
import dev.scylla.api.Progress;
import dev.scylla.api.RunListener;
import dev.scylla.api.RunnerLogin;
import dev.scylla.api.Scylla;
import dev.scylla.api.Target;
import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.model.TierId;
import java.nio.file.Path;

/** Runs examples/hello-world with the scripted agent, in this JVM or in the runner container. */
public final class RunAnywhereExample {

  /** The experiment: tier T0, one run per sub-test, the fixture's scripted agent and judge. */
  public static Experiment helloWorld(Path fixture, Path results) {
    return Scylla.experiment(fixture)
        .tiers(TierId.T0)
        .runs(1)
        .agent("scripted:" + fixture.resolve("scripted-agent.yaml"))
        .resultsDir(results)
        .build();
  }

  /** Prints every progress line as it comes. */
  static final RunListener PRINT =
      new RunListener() {
        @Override
        public void progress(Progress progress) {
          System.out.println("  " + progress.message());
        }

        @Override
        public void notice(String message) {
          System.out.println("  " + message);
        }
      };

  /** In this JVM: no Docker; the agent runs as this process's user. */
  public static ExperimentOutcome inProcess(Path fixture, Path results)
      throws InterruptedException {
    return helloWorld(fixture, results).run(Target.inProcess().listener(PRINT));
  }

  /**
   * In one runner container, built from {@code image} when missing or stale; the host's Claude
   * login is staged into it when a runner needs one (the scripted agent does not). Started, then
   * awaited: {@code handle.stop()} from another thread would end it cleanly, resumable.
   */
  public static ExperimentOutcome inContainer(Path fixture, Path results, ImageSource image)
      throws InterruptedException {
    ContainerTarget container =
        Target.container().image(image).login(RunnerLogin.fromSystem()).listener(PRINT);
    JobHandle<ExperimentOutcome> handle =
        container.start(Job.experiment(helloWorld(fixture, results)));
    return handle.await();
  }

  /** The settings document: what crosses into the container, and what the results folder keeps. */
  public static String settingsDocument(Path fixture, Path results) {
    return helloWorld(fixture, results).settings().toJson();
  }

  /**
   * {@code RunAnywhereExample FIXTURE RESULTS [SCYLLA_JAR]}: in-process, or in the container when
   * the Scylla jar (scylla-cli/target/scylla.jar) is given.
   */
  public static void main(String[] args) throws InterruptedException {
    Path fixture = Path.of(args[0]);
    Path results = Path.of(args[1]);
    ExperimentOutcome outcome =
        args.length > 2
            ? inContainer(fixture, results, ImageSource.bundled(Path.of(args[2])))
            : inProcess(fixture, results);
    outcome.summaryLines().forEach(System.out::println);
    System.out.println("Results: " + outcome.experimentDir());
  }

  private RunAnywhereExample() {}
}
