package dev.scylla.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerCliTest {

  @TempDir Path dir;

  private Path fakeDocker(int exitCode) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path docker =
        Files.writeString(
            bin.resolve("docker"),
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > \""
                + dir.resolve("args")
                + "\"\nexit "
                + exitCode
                + "\n");
    Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  @Test
  void execInteractive_withoutDockerOnThePath_saysSoAndWhere() {
    DockerCli cli = new DockerCli(dir.toString());

    assertThat(cli.isAvailable()).isFalse();
    assertThatThrownBy(() -> cli.execInteractive("c", ExecSpec.of("bash"), true))
        .isInstanceOf(DockerCliNotFoundException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("install the Docker CLI");
  }

  @Test
  void execInteractive_runsDockerExecWithTheSpec_andReturnsItsExitCode() throws Exception {
    Path bin = fakeDocker(7);
    DockerCli cli = new DockerCli("/nonexistent:" + bin);

    int code =
        cli.execInteractive(
            "shell-1",
            ExecSpec.of("bash", "-l").withUser("1000:1000").withEnv(Map.of("A", "b c")),
            true);

    assertThat(code).isEqualTo(7);
    assertThat(Files.readAllLines(dir.resolve("args")))
        .containsExactly(
            "exec", "-i", "-t", "-u", "1000:1000", "-e", "A=b c", "shell-1", "bash", "-l");
  }

  @Test
  void startAttached_runsDockerStartAi() throws Exception {
    DockerCli cli = new DockerCli(fakeDocker(0).toString());

    assertThat(cli.startAttached("shell-2")).isZero();
    assertThat(Files.readAllLines(dir.resolve("args"))).containsExactly("start", "-ai", "shell-2");
  }
}
