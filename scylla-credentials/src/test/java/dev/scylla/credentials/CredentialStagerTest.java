package dev.scylla.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStagerTest {

  @TempDir Path tmp;
  private Path hostFile;
  private CredentialStager stager;
  private HostCredentials host;

  @BeforeEach
  void setUp() throws Exception {
    Path home = tmp.resolve("home");
    hostFile =
        TestFiles.write(
            home.resolve(".claude/.credentials.json"),
            TestFiles.valid("host", Duration.ofHours(6)));
    host = HostCredentials.find(TestFiles.lookup(home));
    stager = CredentialStager.of(tmp.resolve("runs"), tmp.resolve("state"));
  }

  @Test
  void stage_setsOwnerOnlyPermissionsAndTheCallersOwnership() throws Exception {
    try (StagedCredentials staged = stager.stageForRun(host, StagingOptions.defaults())) {
      Path dir = staged.directory();
      assertThat(dir.getParent()).isEqualTo(tmp.resolve("runs"));
      assertThat(dir.getFileName().toString()).startsWith("scylla-creds-");
      assertThat(TestFiles.mode(dir)).isEqualTo("rwx------");
      for (String f : List.of(".credentials.json", ".claude.json", ".scylla-guard.lock")) {
        assertThat(TestFiles.mode(dir.resolve(f))).as(f).isEqualTo("rw-------");
      }
      for (Path p : List.of(dir, dir.resolve(".credentials.json"), dir.resolve(".claude.json"))) {
        assertThat((long) TestFiles.uid(p)).as("uid of " + p).isEqualTo(TestFiles.myUid());
        assertThat((long) TestFiles.gid(p)).as("gid of " + p).isEqualTo(TestFiles.myGid());
      }
      assertThat(Files.readString(dir.resolve(".credentials.json")))
          .isEqualTo(Files.readString(hostFile));
    }
  }

  @Test
  void stage_chownsToTheGivenOwnerWhenRunningAsRoot() throws Exception {
    assumeTrue(TestFiles.runningAsRoot(), "only root can give files to another user");
    FileOwner owner = new FileOwner(10001, 10001);
    try (StagedCredentials staged =
        stager.stageForRun(host, StagingOptions.defaults().withOwner(owner))) {
      Path dir = staged.directory();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path p : Stream.concat(Stream.of(dir), files).toList()) {
          assertThat(TestFiles.uid(p)).as("uid of " + p).isEqualTo(10001);
          assertThat(TestFiles.gid(p)).as("gid of " + p).isEqualTo(10001);
        }
      }
      assertThat(TestFiles.mode(dir)).isEqualTo("rwx------");
      assertThat(TestFiles.mode(dir.resolve(".credentials.json"))).isEqualTo("rw-------");
    }
  }

  @Test
  void stage_seedsClaudeJsonWithOnboardingDoneAndWorkspacesTrusted() throws Exception {
    Path ws = tmp.resolve("workspace");
    try (StagedCredentials staged =
        stager.stageForRun(host, StagingOptions.defaults().withTrustedWorkspaces(List.of(ws)))) {
      JsonNode seed =
          new ObjectMapper().readTree(staged.directory().resolve(".claude.json").toFile());
      assertThat(seed.get("hasCompletedOnboarding").asBoolean()).isTrue();
      assertThat(seed.get("bypassPermissionsModeAccepted").asBoolean()).isTrue();
      JsonNode project = seed.get("projects").get(ws.toString());
      assertThat(project.get("hasTrustDialogAccepted").asBoolean()).isTrue();
      assertThat(project.get("hasCompletedProjectOnboarding").asBoolean()).isTrue();
      assertThat(seed.toString()).doesNotContain(TestFiles.FAKE);
    }
  }

  @Test
  void stage_exposesMountAndEnvironmentForStagedMode() {
    try (StagedCredentials staged = stager.stageForRun(host, inContainer())) {
      assertThat(staged.mountTarget()).isEqualTo("/home/runner/.claude");
      assertThat(staged.readOnly()).isFalse();
      assertThat(staged.environment())
          .isEqualTo(Map.of("CLAUDE_CONFIG_DIR", "/home/runner/.claude"));
      assertThat(staged.source()).isEqualTo(CredentialSource.HOME_FILE);
      assertThat(staged.toString()).doesNotContain(TestFiles.FAKE);
    }
  }

  @Test
  void stage_legacyModeIsWorldReadableReadOnlyAndCannotWriteBack() throws Exception {
    try (StagedCredentials staged =
        stager.stageForRun(host, inContainer().withMode(StagingMode.LEGACY))) {
      Path dir = staged.directory();
      assertThat(TestFiles.mode(dir)).isEqualTo("rwxr-xr-x");
      assertThat(TestFiles.mode(dir.resolve(".credentials.json"))).isEqualTo("rw-r--r--");
      assertThat(TestFiles.mode(dir.resolve(".claude.json"))).isEqualTo("rw-r--r--");
      assertThat(staged.mountTarget()).isEqualTo("/tmp/legacy-creds");
      assertThat(staged.readOnly()).isTrue();
      Files.writeString(
          dir.resolve(".credentials.json"), TestFiles.valid("new", Duration.ofHours(9)));
      assertThat(staged.writeBack().outcome()).isEqualTo(WriteBackResult.Outcome.NOT_APPLICABLE);
    }
    assertThat(TestFiles.expiresAt(hostFile))
        .isEqualTo(host.credentials().orElseThrow().expiresAtMillis());
  }

  @Test
  void stage_environmentTokenGoesToTheEnvironmentNeverToDisk() throws Exception {
    String token = TestFiles.FAKE + "oauth-env";
    HostCredentials envHost =
        HostCredentials.find(
            TestFiles.lookup(tmp.resolve("nohome"))
                .withEnv(Map.of("CLAUDE_CODE_OAUTH_TOKEN", token)));
    try (StagedCredentials staged = stager.stageForRun(envHost, inContainer())) {
      assertThat(staged.environment())
          .containsEntry("CLAUDE_CODE_OAUTH_TOKEN", token)
          .containsEntry("CLAUDE_CONFIG_DIR", "/home/runner/.claude");
      assertThat(staged.directory().resolve(".credentials.json")).doesNotExist();
      try (Stream<Path> files = Files.walk(staged.directory())) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          assertThat(Files.readString(f)).as(f.toString()).doesNotContain(token);
        }
      }
      assertThat(staged.writeBack().outcome()).isEqualTo(WriteBackResult.Outcome.NOT_APPLICABLE);
    }
  }

  @Test
  void close_deletesRunStagingAndItsPidFileAfterSuccess() throws Exception {
    Path dir;
    Path pidFile;
    try (StagedCredentials staged = stager.stageForRun(host, StagingOptions.defaults())) {
      dir = staged.directory();
      pidFile = dir.resolveSibling(dir.getFileName() + ".pid");
      assertThat(dir).isDirectory();
      // Beside the directory, out of the container's reach.
      assertThat(Files.readString(pidFile)).contains("pid=" + ProcessHandle.current().pid());
    }
    assertThat(dir).doesNotExist();
    assertThat(pidFile).doesNotExist();
  }

  @Test
  void shell_reentryNeverFollowsLinksPlantedInTheStaging() throws Exception {
    StagedCredentials shell = stager.stageForShell(host, "linked", StagingOptions.defaults());
    Path dir = shell.directory();
    Path outside =
        TestFiles.write(
            tmp.resolve("outside.json"), TestFiles.valid("outside", Duration.ofHours(30)));
    Files.setPosixFilePermissions(
        outside, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    Files.delete(dir.resolve(".credentials.json"));
    Files.createSymbolicLink(dir.resolve(".credentials.json"), outside);
    Files.delete(dir.resolve(".scylla-guard.lock"));
    Files.createSymbolicLink(dir.resolve(".scylla-guard.lock"), outside);

    StagedCredentials again = stager.stageForShell(host, "linked", StagingOptions.defaults());

    assertThat(TestFiles.mode(outside)).isEqualTo("rw-r--r--");
    assertThat(Files.readString(hostFile)).doesNotContain("outside");
    assertThat(Files.isSymbolicLink(dir.resolve(".scylla-guard.lock"))).isFalse();
    // The host's valid login replaced the link, so the shell works again.
    assertThat(Files.isSymbolicLink(dir.resolve(".credentials.json"))).isFalse();
    assertThat(Files.readString(dir.resolve(".credentials.json"))).contains("access-host");
    again.delete();
  }

  @Test
  void close_deletesRunStagingAfterAnException() {
    Path[] dir = new Path[1];
    assertThatThrownBy(
            () -> {
              try (StagedCredentials staged = stager.stageForRun(host, StagingOptions.defaults())) {
                dir[0] = staged.directory();
                throw new IllegalStateException("the run failed");
              }
            })
        .hasMessage("the run failed");
    assertThat(dir[0]).isNotNull().doesNotExist();
  }

  @Test
  void close_writesBackARefreshedTokenBeforeDeleting() throws Exception {
    String refreshed = TestFiles.valid("refreshed", Duration.ofHours(8));
    try (StagedCredentials staged = stager.stageForRun(host, StagingOptions.defaults())) {
      Files.writeString(staged.directory().resolve(".credentials.json"), refreshed);
    }
    assertThat(Files.readString(hostFile)).isEqualTo(refreshed);
  }

  @Test
  void shell_stagingLastsBeyondCloseAndSyncsAtReentry() throws Exception {
    StagedCredentials first = stager.stageForShell(host, "dev-shell", StagingOptions.defaults());
    Path dir = first.directory();
    assertThat(dir).isEqualTo(tmp.resolve("state/shells/dev-shell"));
    assertThat(TestFiles.mode(dir)).isEqualTo("rwx------");
    assertThat(TestFiles.mode(dir.resolve(".credentials.json"))).isEqualTo("rw-------");
    first.close();
    assertThat(dir.resolve(".credentials.json")).exists();

    // Claude Code keeps state in .claude.json; a re-entry keeps it and re-applies the seed.
    Files.writeString(dir.resolve(".claude.json"), "{\"numStartups\":7}");
    String refreshedInShell = TestFiles.valid("shell", Duration.ofHours(7));
    Files.writeString(dir.resolve(".credentials.json"), refreshedInShell);

    StagedCredentials again = stager.stageForShell(host, "dev-shell", StagingOptions.defaults());
    assertThat(again.directory()).isEqualTo(dir);
    assertThat(Files.readString(hostFile)).isEqualTo(refreshedInShell);
    JsonNode state = new ObjectMapper().readTree(dir.resolve(".claude.json").toFile());
    assertThat(state.get("numStartups").asInt()).isEqualTo(7);
    assertThat(state.get("hasCompletedOnboarding").asBoolean()).isTrue();

    again.delete();
    assertThat(dir).doesNotExist();
  }

  @Test
  void shell_reentryBringsInANewerHostLogin() throws Exception {
    StagedCredentials shell = stager.stageForShell(host, "s1", StagingOptions.defaults());
    String newLogin = TestFiles.valid("relogin", Duration.ofHours(8));
    Files.writeString(hostFile, newLogin);
    assertThat(shell.writeBack().outcome()).isEqualTo(WriteBackResult.Outcome.HOST_NEWER_COPIED_IN);
    assertThat(Files.readString(shell.directory().resolve(".credentials.json")))
        .isEqualTo(newLogin);
    assertThat(TestFiles.mode(shell.directory().resolve(".credentials.json")))
        .isEqualTo("rw-------");
    assertThat(stager.removeShell("s1")).isTrue();
    assertThat(stager.removeShell("s1")).isFalse();
  }

  @Test
  void shell_legacyReentryAlwaysCopiesTheHostLogin() throws Exception {
    StagingOptions legacy = StagingOptions.defaults().withMode(StagingMode.LEGACY);
    stager.stageForShell(host, "old", legacy);
    String relogin = TestFiles.valid("relogin", Duration.ofHours(8));
    Files.writeString(hostFile, relogin);
    StagedCredentials again =
        stager.stageForShell(
            HostCredentials.find(TestFiles.lookup(tmp.resolve("home"))), "old", legacy);
    assertThat(Files.readString(again.directory().resolve(".credentials.json"))).isEqualTo(relogin);
    assertThat(TestFiles.mode(again.directory().resolve(".credentials.json")))
        .isEqualTo("rw-r--r--");
    again.delete();
  }

  @Test
  void shell_rejectsNamesThatAreNotContainerNames() {
    assertThatThrownBy(() -> stager.shellDirectory("../etc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("../etc");
  }

  @Test
  void stage_withoutContainerPaths_cannotSayWhereToMount() {
    try (StagedCredentials staged = stager.stageForRun(host, StagingOptions.defaults())) {
      assertThatThrownBy(staged::mountTarget)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("withContainerPaths");
      assertThatThrownBy(staged::environment).isInstanceOf(IllegalStateException.class);
    }
  }

  private static StagingOptions inContainer() {
    return StagingOptions.defaults()
        .withContainerPaths(new ContainerPaths("/home/runner/.claude", "/tmp/legacy-creds"));
  }
}
