package dev.scylla.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.docker.testing.RequiresDocker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code scylla rejudge} on the host: the kept workspace of a finished run is judged again in one
 * runner container, by the real Claude Code adapter driving the stub {@code claude}, and the
 * previous verdict stays beside the new one.
 */
@RequiresDocker
class RejudgeEndToEndIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(40);
  private static final String REPOSITORY = Host.repository("scylla-e2e-rejudge");

  @Test
  void rejudge_onTheHost_judgesAgainInTheRunnerContainerAndKeepsThePreviousVerdict()
      throws Exception {
    Host.removeImages(REPOSITORY);
    try (EndToEndFixture world = new EndToEndFixture(null)) {
      List<String> run = world.runOneSubtest(world.fixture.toString());
      // Docker's events have one-second resolution: count from before the run, which makes one
      // container, so that a quick run's container cannot fall into the rejudge's second.
      long since = System.currentTimeMillis() / 1000 - 1;
      ScyllaProcess.Result first =
          world.scylla(REPOSITORY).run(TIMEOUT, run.toArray(String[]::new));
      assertThat(first.exitCode()).as(first.toString()).isZero();
      Path experiment;
      try (Stream<Path> list = Files.list(world.work.resolve("results"))) {
        experiment = list.filter(Files::isDirectory).findFirst().orElseThrow();
      }
      Path runDir = experiment.resolve("T0/00/run_01");
      String verdictBefore = Files.readString(runDir.resolve("judge/judge_01/judgment.json"));

      // Another judge model and system prompt, which the provenance must then name.
      Path systemPrompt = world.work.resolve("strict-system-prompt.md");
      Files.writeString(systemPrompt, "You grade strictly.\n");
      List<String> rejudge =
          new ArrayList<>(
              List.of(
                  "rejudge",
                  experiment.toString(),
                  "--judge-model",
                  "claude-judge-b",
                  "--judge-system-prompt",
                  systemPrompt.toString()));
      rejudge.addAll(List.of(world.stubArgs()));
      ScyllaProcess.Result again =
          world.scylla(REPOSITORY).run(TIMEOUT, rejudge.toArray(String[]::new));

      assertThat(again.exitCode()).as(again.toString()).isZero();
      // Only the command inside the runner image judges and prints this: the host delegates.
      assertThat(again.all()).contains("Judged 1 runs again").contains("Best Tier: T0");
      assertThat(Host.containersCreatedSince(REPOSITORY, since))
          .as("containers of the run and of the rejudge")
          .hasSize(2);
      Path history;
      try (Stream<Path> list = Files.list(runDir.resolve("judge_history"))) {
        history = list.findFirst().orElseThrow();
      }
      assertThat(Files.readString(history.resolve("judge/judge_01/judgment.json")))
          .isEqualTo(verdictBefore);
      assertThat(history.resolve("run_result.json")).exists();
      assertThat(runDir.resolve("judge/judge_01/judgment.json")).exists();
      assertThat(runDir.resolve("judge/judge_01/MODEL.md")).exists();
      String result = Files.readString(experiment.resolve("result.json"));
      assertThat(result)
          .containsPattern("\"judge_models\"\\s*:\\s*\\[\\s*\"claude-judge-b\"\\s*\\]")
          .contains("\"judge_system_prompt\" : \"" + systemPrompt + "\"");
      int uid = world.uid();
      for (Path path : Host.tree(runDir)) {
        assertThat(Host.uid(path)).as("owner of %s", path).isEqualTo(uid);
      }
      world.assertNoStagingLeft();
    } finally {
      Host.removeImages(REPOSITORY);
    }
  }
}
