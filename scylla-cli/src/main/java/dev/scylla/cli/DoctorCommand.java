package dev.scylla.cli;

import dev.scylla.api.ExitCodes;
import dev.scylla.api.ScyllaImage;
import dev.scylla.credentials.CredentialStatus;
import dev.scylla.docker.ContainerRuntime;
import dev.scylla.docker.DockerCli;
import dev.scylla.docker.DockerException;
import dev.scylla.docker.EngineInfo;
import dev.scylla.docker.ImageStatus;
import dev.scylla.docker.RunnerImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code scylla doctor}: checks what {@code scylla run} needs, one line each: OK, WARN or FAIL,
 * with the fix.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "doctor",
    description = {
      "Check Docker, the runner image, the Claude login and disk space.",
      "Exits 3 when Docker fails, 4 when the login fails, else 0."
    })
final class DoctorCommand implements Callable<Integer> {

  private static final long WARN_FREE_BYTES = 5_000_000_000L;
  private static final long FAIL_FREE_BYTES = 1_000_000_000L;

  @Spec CommandSpec spec;

  @Mixin GlobalOptions global;

  @Mixin ImageOptions image;

  @Mixin CredentialOptions credentials;

  private final Docker docker;

  DoctorCommand() {
    this(Docker.system());
  }

  DoctorCommand(Docker docker) {
    this.docker = docker;
  }

  private enum Verdict {
    OK,
    WARN,
    FAIL
  }

  private record Check(Verdict verdict, String what) {}

  @Override
  public Integer call() {
    Console console = Console.of(spec, global);
    List<Check> checks = new ArrayList<>();
    boolean dockerFailed = false;
    try (ContainerRuntime runtime = docker.connect()) {
      EngineInfo info = runtime.info();
      checks.add(
          new Check(
              Verdict.OK,
              "Docker "
                  + info.serverVersion()
                  + " (API "
                  + info.apiVersion()
                  + ") at "
                  + info.endpoint()));
      checks.add(imageCheck(runtime));
    } catch (DockerException e) {
      dockerFailed = true;
      checks.add(new Check(Verdict.FAIL, e.getMessage()));
    }
    if (!new DockerCli().isAvailable()) {
      checks.add(
          new Check(
              Verdict.WARN,
              "no docker command on PATH: `scylla shell` needs it for an interactive terminal"
                  + " (install the Docker CLI)"));
    }
    CredentialStatus login = CredentialStatus.inspect(Credentials.lookup(credentials));
    boolean loginFailed = !login.ok();
    checks.add(
        new Check(login.ok() ? Verdict.OK : Verdict.FAIL, "Credentials: " + login.describe()));
    checks.add(diskCheck(Path.of("").toAbsolutePath()));

    for (Check check : checks) {
      console.out().printf("%-4s %s%n", check.verdict(), check.what());
    }
    console.out().flush();
    if (dockerFailed) {
      return ExitCodes.DOCKER;
    }
    return loginFailed ? ExitCodes.CREDENTIALS : ExitCodes.OK;
  }

  private Check imageCheck(ContainerRuntime runtime) {
    try {
      RunnerImage runner = Images.runnerImage(image);
      ImageStatus status = runner.status(runtime);
      if (status.isCurrent()) {
        return new Check(
            Verdict.OK,
            "Runner image "
                + status.tag()
                + " is current (base "
                + runner.buildArgs().get(RunnerImage.ARG_BASE_IMAGE)
                + ", Python "
                + ScyllaImage.pythonVersion(runtime, status.tag())
                + ")");
      }
      return new Check(
          Verdict.WARN,
          "Runner image "
              + status.tag()
              + " is not built yet: the next `scylla run` builds it (or run `scylla image build`)");
    } catch (UserInputException | IllegalStateException e) {
      return new Check(Verdict.WARN, "Runner image: " + e.getMessage());
    }
  }

  private static Check diskCheck(Path dir) {
    try {
      long free = Files.getFileStore(dir).getUsableSpace();
      String text = String.format(Locale.ROOT, "Disk: %.1f GB free in %s", free / 1e9, dir);
      if (free < FAIL_FREE_BYTES) {
        return new Check(Verdict.FAIL, text + " (free space: results and images need several GB)");
      }
      if (free < WARN_FREE_BYTES) {
        return new Check(Verdict.WARN, text + " (the runner image alone needs about 1 GB)");
      }
      return new Check(Verdict.OK, text);
    } catch (IOException e) {
      return new Check(
          Verdict.WARN, "Disk: cannot read free space of " + dir + ": " + e.getMessage());
    }
  }
}
