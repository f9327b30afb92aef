package dev.scylla.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.core.ErrorKind;
import dev.scylla.core.agent.AgentException;
import dev.scylla.core.config.ConfigException;
import dev.scylla.core.engine.ConfigChangedException;
import dev.scylla.core.engine.ExperimentException;
import dev.scylla.core.fixture.FixtureException;
import dev.scylla.core.workspace.TaskRepositoryException;
import dev.scylla.credentials.CredentialsException;
import dev.scylla.credentials.CredentialsException.Problem;
import dev.scylla.docker.ContainerException;
import dev.scylla.docker.ContainerNotFoundException;
import dev.scylla.docker.ContainerTimeoutException;
import dev.scylla.docker.DockerCliNotFoundException;
import dev.scylla.docker.DockerException;
import dev.scylla.docker.DockerUnavailableException;
import dev.scylla.docker.ImageBuildException;
import dev.scylla.kubernetes.ClusterException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailuresTest {

  @Test
  void kindOf_readsEachLibrarysKind_andExitCodesFollowIt() {
    assertKind(new ConfigException("bad runs"), ErrorKind.INPUT, ExitCodes.USAGE);
    assertKind(new FixtureException(Path.of("test.yaml"), "bad"), ErrorKind.INPUT, 2);
    assertKind(new ExperimentException("disk full"), ErrorKind.INFRASTRUCTURE, 3);
    assertKind(new AgentException(ErrorKind.CREDENTIALS, "401", null), ErrorKind.CREDENTIALS, 4);

    assertKind(new DockerUnavailableException("down", null), ErrorKind.INFRASTRUCTURE, 3);
    assertKind(new ContainerException("cannot start"), ErrorKind.INFRASTRUCTURE, 3);
    assertKind(new ContainerNotFoundException("shell"), ErrorKind.INFRASTRUCTURE, 3);
    assertKind(
        new ContainerTimeoutException("c", Duration.ofSeconds(1)), ErrorKind.INFRASTRUCTURE, 3);
    assertKind(new DockerCliNotFoundException("/usr/bin"), ErrorKind.INFRASTRUCTURE, 3);
    assertKind(new ImageBuildException("failed", List.of(), null), ErrorKind.INFRASTRUCTURE, 3);
    assertKind(
        new DockerException(DockerException.Kind.INPUT, DockerException.CA_BUNDLE, "no PEM", null),
        ErrorKind.INPUT,
        2);

    assertKind(new CredentialsException(Problem.MISSING, "no login"), ErrorKind.CREDENTIALS, 4);
    assertKind(new CredentialsException(Problem.LOGGED_OUT, "gone"), ErrorKind.CREDENTIALS, 4);
    assertKind(new CredentialsException(Problem.IO, "disk full"), ErrorKind.INFRASTRUCTURE, 3);

    assertKind(
        new ClusterException(ClusterException.Problem.FORBIDDEN, "403"),
        ErrorKind.INFRASTRUCTURE,
        3);
    assertKind(
        new ClusterFailureException("quota", null), ErrorKind.INFRASTRUCTURE, ExitCodes.DOCKER);

    assertKind(new InvalidInputException("no such file: x.md"), ErrorKind.INPUT, 2);
    assertKind(new RunnerFailedException("exit 137", 137, List.of()), ErrorKind.INFRASTRUCTURE, 3);
  }

  @Test
  void kindOf_anExceptionNoLibraryThrewOnPurpose_isInternal_exit1() {
    for (Throwable unexpected :
        List.of(
            new IllegalArgumentException("bad index"),
            new IllegalStateException("bug"),
            new NullPointerException(),
            new UncheckedIOException(new IOException("disk")),
            new RuntimeException("what"))) {
      assertKind(unexpected, ErrorKind.INTERNAL, ExitCodes.RUNS_ERRORED);
    }
  }

  @Test
  void runnerExit_keepsTheCodeTheRunnerChose() {
    assertKind(new RunnerExitException(2, "bad", true), ErrorKind.INPUT, 2);
    assertKind(new RunnerExitException(3, "disk", true), ErrorKind.INFRASTRUCTURE, 3);
    assertKind(new RunnerExitException(4, "logged out", true), ErrorKind.CREDENTIALS, 4);
    assertKind(new RunnerExitException(1, "folder unreadable", false), ErrorKind.INTERNAL, 1);
    assertKind(new RunnerExitException(0, "folder unreadable", false), ErrorKind.INTERNAL, 1);
  }

  @Test
  void everyLibrarysKind_hasTheSameFourConstants() {
    List<String> core = names(ErrorKind.values());
    assertThat(names(DockerException.Kind.values())).isEqualTo(core);
    assertThat(names(CredentialsException.Kind.values())).isEqualTo(core);
    assertThat(names(ClusterException.Kind.values())).isEqualTo(core);
    for (ErrorKind kind : ErrorKind.values()) {
      assertThat(ExitCodes.of(kind)).isIn(1, 2, 3, 4);
    }
  }

  @Test
  void settingOf_isTheLibrarysSetting_evenThroughAWrapper() {
    TaskRepositoryException commit =
        new TaskRepositoryException(TaskRepositoryException.COMMIT, "commit x not found", null);
    assertThat(Failures.settingOf(commit)).contains("commit");
    assertThat(Failures.settingOf(new InvalidInputException(commit.getMessage(), commit)))
        .contains("commit");
    assertThat(Failures.settingOf(new ConfigChangedException("changed"))).contains("experiment_id");
    assertThat(
            Failures.settingOf(
                new ConfigChangedException(ConfigChangedException.BATCH_ID, "changed")))
        .contains("batch_id");
    assertThat(
            Failures.settingOf(
                new DockerException(
                    DockerException.Kind.INPUT, DockerException.CA_BUNDLE, "no PEM", null)))
        .contains("ca_bundle");
    assertThat(
            Failures.settingOf(
                new CredentialsException(
                    Problem.MISSING, CredentialsException.CREDENTIALS_FILE, "no file", null)))
        .contains("credentials");
    assertThat(Failures.settingOf(new InvalidInputException("no such file: x.md"))).isEmpty();
    assertThat(Failures.settingOf(new IllegalStateException("bug"))).isEmpty();
  }

  private static void assertKind(Throwable failure, ErrorKind kind, int exitCode) {
    assertThat(Failures.kindOf(failure)).as(failure.toString()).isEqualTo(kind);
    assertThat(ExitCodes.of(Failures.kindOf(failure))).as(failure.toString()).isEqualTo(exitCode);
  }

  private static List<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toList();
  }
}
