package dev.scylla.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.docker.testing.RequiresDocker;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code scylla shell} on the real engine: re-entry by name, and credentials synced at stop. */
@RequiresDocker
class ShellEndToEndIT {

  private static final String REPOSITORY = Host.repository("scylla-e2e-shell");
  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  @Test
  void shell_reentersTheSameContainerAndSyncsARefreshedTokenAtStop() throws Exception {
    String name = "scylla-e2e-shell-" + ProcessHandle.current().pid();
    try (EndToEndFixture world = new EndToEndFixture(null)) {
      ScyllaProcess scylla = world.scylla(REPOSITORY);
      try {
        ScyllaProcess.Result first =
            scylla.run(
                TIMEOUT,
                "shell",
                name,
                "--mount",
                world.stub + ":/opt/scylla-stub/claude:ro",
                "--",
                "hostname");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        ScyllaProcess.Result second = scylla.run(TIMEOUT, "shell", name, "--", "hostname");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.stdout().strip()).isNotEmpty().isEqualTo(first.stdout().strip());

        ScyllaProcess.Result listed = scylla.run(TIMEOUT, "shell", "--list");
        assertThat(listed.stdout()).contains(name).contains("running");

        // The stub refreshes the staged token, as Claude Code does when it renews a login.
        ScyllaProcess.Result refresh =
            scylla.run(
                TIMEOUT, "shell", name, "--", "sh", "-c", "cd /tmp && /opt/scylla-stub/claude -p");
        assertThat(refresh.exitCode()).as(refresh.toString()).isZero();

        ScyllaProcess.Result stopped = scylla.run(TIMEOUT, "shell", "--stop", name);
        assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
        String host = world.hostCredentials();
        assertThat(host).contains("sk-ant-oat01-refreshed-").doesNotContain(world.accessToken);
        assertThat(Host.mode(world.credentials)).isEqualTo("rw-------");
        assertThat(refresh.all() + stopped.all())
            .doesNotContain(world.accessToken, world.refreshToken);

        // Re-entering a stopped shell starts it again.
        ScyllaProcess.Result again = scylla.run(TIMEOUT, "shell", name, "--", "hostname");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.stdout().strip()).isEqualTo(first.stdout().strip());
      } finally {
        ScyllaProcess.Result removed = scylla.run(TIMEOUT, "shell", "--rm", name);
        assertThat(removed.exitCode()).as(removed.toString()).isZero();
        assertThat(Host.allContainers()).doesNotContain(name);
        assertThat(world.home.resolve(".local/state/scylla/shells").resolve(name)).doesNotExist();
        Host.removeImages(REPOSITORY);
      }
      assertThat(Files.exists(world.credentials)).isTrue();
    }
  }
}
