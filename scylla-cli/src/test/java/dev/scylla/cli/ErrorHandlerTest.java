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
import dev.scylla.core.fixture.FixtureProblem;
import dev.scylla.core.results.ResultFileException;
import dev.scylla.core.workspace.TaskRepositoryException;
import dev.scylla.credentials.CredentialsException;
import dev.scylla.docker.DockerException;
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

  @Test
  void message_ofALibraryExceptionWithASetting_addsTheOptionThatChangesIt() {
    TaskRepositoryException commit =
        new TaskRepositoryException(
            TaskRepositoryException.COMMIT,
            "commit 'abc' not found in /r (check source.hash in test.yaml)",
            null);
    assertThat(ErrorHandler.exitCode(commit)).isEqualTo(ExitCodes.USAGE);
    assertThat(ErrorHandler.message(commit))
        .isEqualTo(
            "commit 'abc' not found in /r (check source.hash in test.yaml; --commit chooses"
                + " another)");
    // The API wraps it and keeps its message: the option is still added.
    assertThat(ErrorHandler.message(new InvalidInputException(commit.getMessage(), commit)))
        .contains("--commit chooses another");

    DockerException caBundle =
        new DockerException(
            DockerException.Kind.INPUT,
            DockerException.CA_BUNDLE,
            "the CA bundle /x.pem is not a file",
            null);
    assertThat(ErrorHandler.exitCode(caBundle)).isEqualTo(ExitCodes.USAGE);
    assertThat(ErrorHandler.message(caBundle))
        .isEqualTo(
            "the CA bundle /x.pem is not a file (--ca-bundle FILE or SCYLLA_CA_BUNDLE=FILE names"
                + " it)");

    CredentialsException credentials =
        new CredentialsException(
            CredentialsException.Problem.MISSING,
            CredentialsException.CREDENTIALS_FILE,
            "credentials file /c.json does not exist: name an existing file",
            null);
    assertThat(ErrorHandler.exitCode(credentials)).isEqualTo(ExitCodes.CREDENTIALS);
    assertThat(ErrorHandler.message(credentials)).endsWith("(--credentials FILE names another)");

    assertThat(
            ErrorHandler.message(
                new ConfigChangedException(ConfigChangedException.BATCH_ID, "batch changed")))
        .isEqualTo("batch changed (--fresh starts over; --batch-id names another)");
  }

  @Test
  void message_ofAnUnknownRunner_namesTheOptionForRunnerJars() {
    Throwable unknown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> dev.scylla.core.agent.AgentRunners.builtIn().providerFor("helo"));
    assertThat(unknown).isInstanceOf(AgentException.class);
    assertThat(ErrorHandler.exitCode(unknown)).isEqualTo(ExitCodes.USAGE);
    assertThat(ErrorHandler.message(unknown))
        .startsWith("unknown runner 'helo': available runners are claude-code, scripted (")
        .endsWith("; --agent-jar names the runners' jars)");
  }

  @Test
  void message_ofAFixtureWithSeveralProblems_saysWhichCommandListsThem() {
    FixtureException several =
        new FixtureException(
            java.util.List.of(
                new FixtureProblem(Path.of("test.yaml"), "bad"),
                new FixtureProblem(Path.of("config.yaml"), "worse")));
    assertThat(ErrorHandler.message(several))
        .isEqualTo(
            "invalid fixture: test.yaml: bad (and 1 more problem; scylla validate lists them all)");
    assertThat(ErrorHandler.message(new FixtureException(Path.of("test.yaml"), "bad")))
        .isEqualTo("invalid fixture: test.yaml: bad");
  }

  @Test
  void everySettingALibraryNames_hasAnOptionOfTheCli() {
    java.util.Set<String> options = new java.util.HashSet<>();
    collectOptions(ScyllaCli.commandLine(), options);
    assertThat(ErrorHandler.HINTS)
        .containsOnlyKeys(
            TaskRepositoryException.REPO,
            TaskRepositoryException.COMMIT,
            FixtureProblem.SHARED_DIR,
            AgentException.JARS,
            ConfigChangedException.EXPERIMENT_ID,
            ConfigChangedException.BATCH_ID,
            DockerException.CA_BUNDLE,
            CredentialsException.CREDENTIALS_FILE);
    ErrorHandler.HINTS
        .values()
        .forEach(
            hint ->
                java.util.regex.Pattern.compile("--[a-z-]+")
                    .matcher(hint)
                    .results()
                    .forEach(m -> assertThat(options).as(hint).contains(m.group())));
  }

  private static void collectOptions(picocli.CommandLine cli, java.util.Set<String> options) {
    cli.getCommandSpec().options().forEach(o -> options.addAll(java.util.List.of(o.names())));
    cli.getSubcommands().values().forEach(sub -> collectOptions(sub, options));
  }
}
