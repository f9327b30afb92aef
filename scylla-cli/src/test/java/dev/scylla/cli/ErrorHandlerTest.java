package dev.scylla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.api.ExitCodes;
import dev.scylla.api.InvalidInputException;
import dev.scylla.api.RunnerExitException;
import dev.scylla.core.ErrorKind;
import dev.scylla.core.agent.AgentException;
import dev.scylla.core.config.ConfigException;
import dev.scylla.core.engine.ConfigChangedException;
import dev.scylla.core.engine.ExperimentException;
import dev.scylla.core.fixture.FixtureException;
import dev.scylla.core.results.ResultFileException;
import dev.scylla.core.workspace.TaskRepositoryException;
import dev.scylla.credentials.CredentialsException;
import dev.scylla.docker.DockerUnavailableException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ErrorHandlerTest {

  @Test
  void exitCode_mapsEachKindOfFailureToItsDocumentedCode() {
    assertThat(ErrorHandler.exitCode(new UserInputException("x"))).isEqualTo(ExitCodes.USAGE);
    assertThat(ErrorHandler.exitCode(new FixtureException(Path.of("test.yaml"), "bad")))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(ErrorHandler.exitCode(new DockerUnavailableException("down", null)))
        .isEqualTo(ExitCodes.DOCKER);
    assertThat(
            ErrorHandler.exitCode(
                new CredentialsException(CredentialsException.Problem.MISSING, "no login")))
        .isEqualTo(ExitCodes.CREDENTIALS);
    assertThat(ErrorHandler.exitCode(new InterruptedException())).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(ErrorHandler.exitCode(new IllegalStateException("bug")))
        .isEqualTo(ExitCodes.RUNS_ERRORED);
  }

  @Test
  void exitCode_ofAnUnexpectedIllegalArgument_isInternalNotUsage() {
    assertThat(ErrorHandler.exitCode(new IllegalArgumentException("bug")))
        .isEqualTo(ExitCodes.RUNS_ERRORED);
    assertThat(ErrorHandler.message(new IllegalArgumentException("index -1 out of range")))
        .isEqualTo("index -1 out of range (rerun with --stacktrace)");
  }

  @Test
  void exitCode_ofALoginThatFailed_isCredentials() {
    assertThat(
            ErrorHandler.exitCode(
                new CredentialsException(CredentialsException.Problem.LOGGED_OUT, "logged out")))
        .isEqualTo(ExitCodes.CREDENTIALS);
    assertThat(ErrorHandler.exitCode(new AgentException(ErrorKind.CREDENTIALS, "401", null)))
        .isEqualTo(ExitCodes.CREDENTIALS);
  }

  @Test
  void exitCode_ofTheRunnerInside_isTheCodeItChose() {
    assertThat(ErrorHandler.exitCode(new RunnerExitException(4, "logged out", true)))
        .isEqualTo(ExitCodes.CREDENTIALS);
    assertThat(ErrorHandler.exitCode(new RunnerExitException(3, "disk full", true)))
        .isEqualTo(ExitCodes.DOCKER);
    assertThat(ErrorHandler.exitCode(new InvalidInputException("no such file: x.md")))
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void exitCode_ofCoreExceptions_followsTheirKind() {
    assertThat(ErrorHandler.exitCode(new ConfigChangedException("changed: use --fresh")))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(ErrorHandler.exitCode(new TaskRepositoryException("cannot clone x")))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(ErrorHandler.exitCode(new ConfigException("bad --runs"))).isEqualTo(ExitCodes.USAGE);
    assertThat(
            ErrorHandler.exitCode(new AgentException(ErrorKind.INPUT, "unknown agent 'x'", null)))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(ErrorHandler.exitCode(new AgentException("could not run 'claude'")))
        .isEqualTo(ExitCodes.DOCKER);
    assertThat(
            ErrorHandler.exitCode(
                new ResultFileException(Path.of("result.json"), "cannot be written", null)))
        .isEqualTo(ExitCodes.DOCKER);
    assertThat(ErrorHandler.exitCode(new ExperimentException("cannot create results")))
        .isEqualTo(ExitCodes.DOCKER);
  }

  @Test
  void message_ofAnInputError_isItsFirstLineWithoutTheStacktraceHint() {
    assertThat(ErrorHandler.message(new ConfigChangedException("changed: use --fresh\nmore")))
        .isEqualTo("changed: use --fresh (--fresh starts over; --experiment-id names another)");
  }

  @Test
  void message_isTheFirstLine_andUnexpectedOnesSayHowToSeeMore() {
    assertThat(ErrorHandler.message(new UserInputException("first\nsecond"))).isEqualTo("first");
    assertThat(ErrorHandler.message(new IllegalStateException("bug")))
        .isEqualTo("bug (rerun with --stacktrace)");
    assertThat(ErrorHandler.message(new NullPointerException()))
        .contains("NullPointerException")
        .contains("--stacktrace");
  }
}
