package dev.scylla.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scylla.api.examples.HelloWorldCopy;
import dev.scylla.api.internal.PreparedExperiment;
import dev.scylla.api.internal.RunPods;
import dev.scylla.core.model.TierId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PodRun} in this JVM with the scripted agent: a job of the first phase, its inputs copied
 * under an inputs root as the coordinator would copy them, one run executed into the results dir.
 * Proves the job document carries everything one run needs and that the run's folder comes out in a
 * local run's shape; the container and the cluster are left to {@code PodSpecOnDockerIT}.
 */
class PodRunTest {

  @TempDir Path dir;

  @Test
  void run_executesTheOneRunOfItsJobFromInputsUnderTheRoot() throws Exception {
    Path fixture = HelloWorldCopy.into(dir.resolve("host/hello-world"));
    RunJob job = secondRun(fixture, dir.resolve("pod/in"), dir.resolve("pod/out"));
    copyInputs(job);
    Files.writeString(dir.resolve("pod/in").resolve(RunJob.Io.INPUTS_READY), "");
    // The fixture moves away: the run must read only the copies.
    Files.move(fixture, dir.resolve("host/gone"));

    PodRun.Outcome outcome = PodRun.of(job).environment(Map.of()).run();

    assertThat(outcome.finished()).isTrue();
    Path runDir = dir.resolve("pod/out").resolve(outcome.runDir());
    assertThat(runDir.getFileName().toString()).endsWith("02");
    JsonNode result = new ObjectMapper().readTree(runDir.resolve("run_result.json").toFile());
    assertThat(result.get("run_number").asInt()).isEqualTo(2);
    JsonNode done =
        new ObjectMapper().readTree(dir.resolve("pod/out").resolve(RunJob.Io.RUN_DONE).toFile());
    assertThat(done.get("run_dir").asText()).isEqualTo(outcome.runDir());
    assertThat(done.get("finished").asBoolean()).isTrue();
    try (Stream<Path> runs = Files.list(runDir.getParent())) {
      assertThat(runs.map(p -> p.getFileName().toString()).toList())
          .as("only the job's run")
          .containsExactly(runDir.getFileName().toString());
    }
  }

  @Test
  void run_withoutInputs_endsAfterTheWaitSayingWhat() throws Exception {
    Path fixture = HelloWorldCopy.into(dir.resolve("host/hello-world"));
    RunJob job = secondRun(fixture, dir.resolve("pod/in"), dir.resolve("pod/out"));

    assertThatThrownBy(() -> PodRun.of(job).environment(Map.of()).run())
        .isInstanceOf(PodRun.PodRunException.class)
        .hasMessageContaining("inputs did not arrive within 1 s");
  }

  @Test
  void run_ofARunTheExperimentDoesNotHave_isAnInputError() throws Exception {
    Path fixture = HelloWorldCopy.into(dir.resolve("host/hello-world"));
    RunJob second = secondRun(fixture, dir.resolve("pod/in"), dir.resolve("pod/out"));
    copyInputs(second);
    Files.writeString(dir.resolve("pod/in").resolve(RunJob.Io.INPUTS_READY), "");

    for (RunJob.Run run :
        List.of(
            new RunJob.Run(TierId.T0, "00", 3),
            new RunJob.Run(TierId.T0, "00", 1, List.of("T1/01")))) {
      RunJob job = new RunJob(RunJob.VERSION, run, second.settings(), second.io());
      assertThatThrownBy(() -> PodRun.of(job).environment(Map.of()).run())
          .as(run.toString())
          .isInstanceOfSatisfying(
              dev.scylla.core.ScyllaException.class,
              e -> assertThat(e.kind()).isEqualTo(dev.scylla.core.ErrorKind.INPUT))
          .hasMessageContaining(run.inheritsFrom().isEmpty() ? "outside 1..2" : "builds on");
    }
  }

  /**
   * The job of run 2 of T0/00, with the inputs root and results dir moved to {@code in}, {@code
   * out}.
   */
  private static RunJob secondRun(Path fixture, Path in, Path out) {
    Experiment experiment =
        Scylla.experiment(fixture)
            .tiers(TierId.T0)
            .runs(2)
            .maxSubtests(1)
            .agent("scripted:" + fixture.resolve("scripted-agent.yaml"))
            .build();
    PreparedExperiment prepared = PreparedExperiment.of(experiment);
    List<RunJob> jobs =
        RunPods.firstPhase(
            prepared,
            new RunPods.PodSettings("default", "img", null, "s", Map.of(), 1, 1L << 30, 1, 0));
    assertThat(jobs).extracting(j -> j.run().number()).containsExactly(1, 2);
    RunJob.Io io = jobs.get(1).io();
    return new RunJob(
        RunJob.VERSION,
        jobs.get(1).run(),
        jobs.get(1).settings(),
        new RunJob.Io(in.toString(), io.inputs(), null, out.toString(), 1, 0));
  }

  private static void copyInputs(RunJob job) throws IOException {
    for (String input : job.io().inputs()) {
      Path from = Path.of(input);
      Path to = Path.of(job.io().inPod(input));
      try (Stream<Path> files = Files.walk(from)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Path t = to.resolve(from.relativize(f).toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(t);
          } else {
            Files.createDirectories(t.getParent());
            Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
  }
}
