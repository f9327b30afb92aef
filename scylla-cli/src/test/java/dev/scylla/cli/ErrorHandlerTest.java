package dev.scylla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.core.fixture.FixtureException;
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
  void message_isTheFirstLine_andUnexpectedOnesSayHowToSeeMore() {
    assertThat(ErrorHandler.message(new UserInputException("first\nsecond"))).isEqualTo("first");
    assertThat(ErrorHandler.message(new IllegalStateException("bug")))
        .isEqualTo("bug (rerun with --stacktrace)");
    assertThat(ErrorHandler.message(new NullPointerException()))
        .contains("NullPointerException")
        .contains("--stacktrace");
  }
}
