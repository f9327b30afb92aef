package dev.scylla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.api.ScyllaImage;
import dev.scylla.docker.BuildListener;
import dev.scylla.docker.BuildRequest;
import dev.scylla.docker.ContainerHandle;
import dev.scylla.docker.ContainerRuntime;
import dev.scylla.docker.ContainerSpec;
import dev.scylla.docker.ImageRef;
import dev.scylla.docker.RunnerImage;
import dev.scylla.docker.UserIds;
import dev.scylla.docker.testing.RequiresDocker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner Dockerfile on a base that brings its own Python in {@code /usr/local} (as {@code
 * python:3.14.2-slim} does): no Debian python3 is added, and the banner shows the base's Python.
 * The base is made here (no registry can be reached): the local Debian base plus a stand-in {@code
 * /usr/local/bin/python3}. The build stages stay on the local Debian base, so their layers come
 * from the cache and only the runner stage is built.
 */
@RequiresDocker
class PythonBaseIT {

  private static final Logger log = LoggerFactory.getLogger(PythonBaseIT.class);

  @TempDir Path dir;

  @Test
  void aBaseWithItsOwnPython_getsNoDebianPython_andTheBannerShowsItsVersion() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String debian = ScyllaImage.baseImageFrom(System.getenv());
    String base = "scylla-it-python-base:" + run;
    String repository = "scylla-it-python-" + run;
    Path context = Files.createDirectories(dir.resolve("base"));
    Path python = context.resolve("python3");
    Files.writeString(python, "#!/bin/sh\necho 'Python 3.14.2'\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(
        context.resolve("Dockerfile"),
        "FROM " + debian + "\nCOPY python3 /usr/local/bin/python3\n",
        StandardCharsets.UTF_8);
    String ca = System.getenv("SCYLLA_CA_BUNDLE");
    UserIds user = UserIds.current();

    try (ContainerRuntime docker = ContainerRuntime.docker()) {
      String baseId =
          docker.build(
              new BuildRequest(
                  context,
                  "Dockerfile",
                  Set.of(base),
                  Map.of(),
                  Map.of("dev.scylla.test-run", run),
                  false),
              BuildListener.ignore());
      RunnerImage runner =
          RunnerImage.builder()
              .contextFrom(Path.of(System.getProperty("scylla.repo.root")).resolve("docker"))
              .jar(Path.of(System.getProperty("scylla.jar")))
              .caBundle(ca == null || ca.isBlank() ? null : Path.of(ca))
              .baseImage(base)
              .claudeVersion(ScyllaImage.DEFAULT_CLAUDE_VERSION)
              .buildArg(RunnerImage.ARG_BUILD_BASE_IMAGE, debian)
              .user(user)
              .repository(repository)
              .scyllaVersion(ScyllaCli.version())
              .build();
      try {
        ImageRef image = runner.ensure(docker, line -> log.info("build: {}", line));
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        try (ContainerHandle handle =
            docker.run(
                ContainerSpec.builder(image.tag())
                    .command(
                        "bash",
                        "-c",
                        "command -v python3; dpkg-query -W -f '${Status}\\n' python3 2>&1"
                            + " || echo 'no debian python3'; scylla welcome")
                    .user(user.spec())
                    .label("dev.scylla.test-run", run)
                    .build(),
                (stream, line) -> lines.add(line.strip()))) {
          assertThat(handle.waitFor(Duration.ofMinutes(2))).as("output: %s", lines).isZero();
        }

        assertThat(lines.get(0)).isEqualTo("/usr/local/bin/python3");
        assertThat(lines).contains("no debian python3");
        assertThat(lines).anyMatch(l -> l.matches("Python\\s+3\\.14\\.2"));
      } finally {
        runner.remove(docker);
        docker.removeImage(baseId, true);
      }
    }
  }
}
