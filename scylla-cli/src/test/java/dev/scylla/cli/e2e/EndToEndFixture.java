package dev.scylla.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One user's world for an end-to-end test: a fake HOME holding a Claude login with fake tokens
 * (0600), a private temp dir, a working directory with a copy of examples/hello-world, the stub
 * {@code claude}, and a copy of the Scylla jar — all owned by that user.
 */
final class EndToEndFixture implements AutoCloseable {

  static final Path JAR = Path.of(System.getProperty("scylla.jar"));
  static final Path REPO_ROOT = Path.of(System.getProperty("scylla.repo.root")).normalize();

  final Path base;
  final Path home;
  final Path tmp;
  final Path work;
  final Path fixture;
  final Path stub;
  final Path jar;
  final Path credentials;
  final String accessToken = "sk-ant-oat01-FAKE-access-" + UUID.randomUUID();
  final String refreshToken = "sk-ant-ort01-FAKE-refresh-" + UUID.randomUUID();
  final String user;

  EndToEndFixture(String user) throws IOException, InterruptedException {
    this(user, Path.of("/tmp"), false);
  }

  /**
   * A world under {@code parent}; with {@code private} its folder is 0700 and owned by the user (as
   * {@code mktemp -d} makes one), so only that user can enter it.
   */
  EndToEndFixture(String user, Path parent, boolean privateBase)
      throws IOException, InterruptedException {
    this.user = user;
    base = Files.createTempDirectory(parent, "scylla-e2e-");
    Files.setPosixFilePermissions(
        base, PosixFilePermissions.fromString(privateBase ? "rwx------" : "rwxr-xr-x"));
    home = Files.createDirectories(base.resolve("home"));
    tmp = Files.createDirectories(base.resolve("tmp"));
    work = Files.createDirectories(base.resolve("work"));
    fixture = work.resolve("hello-world");
    Host.copyTree(REPO_ROOT.resolve("examples/hello-world"), fixture);
    stub = base.resolve("stub/claude");
    Files.createDirectories(stub.getParent());
    try (var in = EndToEndFixture.class.getResourceAsStream("/e2e/claude")) {
      Files.copy(in, stub);
    }
    Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    jar = base.resolve("scylla.jar");
    Files.copy(JAR, jar);
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));

    Path claudeDir = Files.createDirectories(home.resolve(".claude"));
    credentials = claudeDir.resolve(".credentials.json");
    long expiresAt = System.currentTimeMillis() + 3_600_000L;
    Files.writeString(
        credentials,
        "{\"claudeAiOauth\":{\"accessToken\":\""
            + accessToken
            + "\",\"refreshToken\":\""
            + refreshToken
            + "\",\"expiresAt\":"
            + expiresAt
            + ",\"scopes\":[\"user:inference\",\"user:profile\"],\"subscriptionType\":\"max\"}}",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(claudeDir, PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
    if (user != null) {
      Host.sh("chown", "-R", user + ":" + user, home.toString(), tmp.toString(), work.toString());
      if (privateBase) {
        Host.sh("chown", user + ":" + user, base.toString());
      }
    }
    if (privateBase) {
      Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /** A process of this user, in the working directory, with the stub-friendly environment. */
  ScyllaProcess scylla(String imageRepository) {
    return new ScyllaProcess(jar, home, tmp, work, user)
        .env("SCYLLA_IMAGE_REPOSITORY", imageRepository);
  }

  /** The arguments that mount the stub and make the adapter use it. */
  String[] stubArgs() {
    return new String[] {
      "--mount",
      stub + ":/opt/scylla-stub/claude:ro",
      "--env",
      "SCYLLA_CLAUDE_BIN=/opt/scylla-stub/claude"
    };
  }

  /**
   * {@code scylla run} of one T0 sub-test, one run, of the fixture at {@code tiersDir} with the
   * stub, then {@code extra}.
   */
  List<String> runOneSubtest(String tiersDir, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--tiers-dir",
                tiersDir,
                "--tiers",
                "T0",
                "--runs",
                "1",
                "--max-subtests",
                "1"));
    args.addAll(List.of(stubArgs()));
    args.addAll(List.of(extra));
    return args;
  }

  int uid() throws IOException {
    return Host.uid(home);
  }

  String hostCredentials() throws IOException {
    return Files.readString(credentials, StandardCharsets.UTF_8);
  }

  /** Asserts that no staging directory is left in this user's temp directory. */
  void assertNoStagingLeft() throws IOException {
    try (var entries = Files.list(tmp)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.startsWith("scylla-creds-"));
    }
  }

  @Override
  public void close() throws IOException {
    Host.deleteTree(base);
  }
}
