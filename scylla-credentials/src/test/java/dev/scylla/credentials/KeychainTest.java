package dev.scylla.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The macOS Keychain path, through a stub {@code security} executable on PATH. */
class KeychainTest {

  @TempDir Path tmp;
  private Path item;
  private Path calls;
  private CredentialLookup lookup;

  @BeforeEach
  void stubSecurity() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    item = tmp.resolve("keychain-item");
    calls = tmp.resolve("calls.log");
    String script =
        "#!/bin/sh\n"
            + "item='"
            + item
            + "'\n"
            + "cmd=\"$1\"; shift\n"
            + "line=\"$cmd\"; want=''; value=''\n"
            + "while [ $# -gt 0 ]; do\n"
            + "  case \"$1\" in\n"
            + "    -w) want=1; if [ $# -gt 1 ]; then value=\"$2\"; shift; fi; line=\"$line -w <value>\";;\n"
            + "    *) line=\"$line $1\";;\n"
            + "  esac; shift\n"
            + "done\n"
            + "echo \"$line\" >> '"
            + calls
            + "'\n"
            + "case \"$cmd\" in\n"
            + "  find-generic-password)\n"
            + "    [ -f \"$item\" ] || { echo 'security: item not found' >&2; exit 44; }\n"
            + "    if [ -n \"$want\" ]; then cat \"$item\"; echo; else echo '    \"acct\"<blob>=\"keychain-user\"'; fi;;\n"
            + "  add-generic-password) printf '%s' \"$value\" > \"$item\";;\n"
            + "  *) exit 2;;\n"
            + "esac\n";
    Path security = bin.resolve("security");
    Files.writeString(security, script);
    Files.setPosixFilePermissions(security, PosixFilePermissions.fromString("rwx------"));
    lookup =
        new CredentialLookup(
            null,
            Map.of(
                "PATH", bin.toString(),
                "USER", "env-user",
                "XDG_STATE_HOME", tmp.resolve("state").toString()),
            tmp.resolve("home"),
            "Mac OS X",
            "security");
  }

  @Test
  void find_readsTheKeychainItemOnMacOs() throws Exception {
    Files.writeString(item, TestFiles.valid("kc", Duration.ofHours(4)));
    HostCredentials found = HostCredentials.find(lookup);
    assertThat(found.source()).isEqualTo(CredentialSource.MACOS_KEYCHAIN);
    assertThat(found.file()).isEmpty();
    assertThat(found.credentials().orElseThrow().accessToken().reveal()).endsWith("access-kc");
    assertThat(Files.readString(calls))
        .contains("find-generic-password -s Claude Code-credentials -w");
  }

  @Test
  void find_ignoresTheKeychainOnLinux() throws Exception {
    Files.writeString(item, TestFiles.valid("kc", Duration.ofHours(4)));
    assertThatThrownBy(() -> HostCredentials.find(lookup.withOsName("Linux")))
        .isInstanceOf(CredentialsException.class);
    assertThat(calls).doesNotExist();
  }

  @Test
  void find_malformedKeychainItemIsAnError() throws Exception {
    Files.writeString(item, "{\"claudeAiOauth\":{\"accessToken\":\"" + TestFiles.FAKE);
    assertThatThrownBy(() -> HostCredentials.find(lookup))
        .isInstanceOfSatisfying(
            CredentialsException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(CredentialsException.Problem.MALFORMED);
              assertThat(e.getMessage()).contains("Keychain").doesNotContain(TestFiles.FAKE);
            });
  }

  @Test
  void find_lockedKeychainSaysHowToUnlockIt() throws Exception {
    Files.writeString(item, TestFiles.valid("kc", Duration.ofHours(4)));
    Files.writeString(
        tmp.resolve("bin/security"),
        "#!/bin/sh\necho 'User interaction is not allowed.' >&2\nexit 36\n");
    assertThatThrownBy(() -> HostCredentials.find(lookup))
        .isInstanceOfSatisfying(
            CredentialsException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(CredentialsException.Problem.UNREADABLE);
              assertThat(e.getMessage()).contains("exited with 36").contains("unlock-keychain");
            });
  }

  @Test
  void writeBack_updatesTheKeychainItemWithSecurityAddGenericPasswordU() throws Exception {
    Files.writeString(item, TestFiles.valid("old", Duration.ofHours(1)));
    HostCredentials found = HostCredentials.find(lookup);
    CredentialStager stager = CredentialStager.of(tmp.resolve("runs"), lookup.stateDir());
    try (StagedCredentials staged = stager.stageForRun(found, StagingOptions.defaults())) {
      String refreshed = TestFiles.valid("new", Duration.ofHours(8));
      Files.writeString(staged.directory().resolve(".credentials.json"), refreshed);

      WriteBackResult result = staged.writeBack();

      assertThat(result.outcome()).isEqualTo(WriteBackResult.Outcome.UPDATED_HOST);
      assertThat(Files.readString(item)).isEqualTo(refreshed);
      assertThat(Files.readAllLines(calls))
          .contains(
              "add-generic-password -U -a keychain-user -s Claude Code-credentials -w <value>");
      assertThat(staged.writeBack().outcome()).isEqualTo(WriteBackResult.Outcome.UNCHANGED);
    }
  }

  @Test
  void writeBack_neverPutsAnOlderTokenIntoTheKeychain() throws Exception {
    String newer = TestFiles.valid("newer", Duration.ofHours(8));
    Files.writeString(item, TestFiles.valid("old", Duration.ofHours(1)));
    HostCredentials found = HostCredentials.find(lookup);
    CredentialStager stager = CredentialStager.of(tmp.resolve("runs"), lookup.stateDir());
    try (StagedCredentials staged = stager.stageForRun(found, StagingOptions.defaults())) {
      Files.writeString(item, newer); // the user logged in again on the host meanwhile
      assertThat(staged.writeBack().outcome()).isEqualTo(WriteBackResult.Outcome.SKIPPED_OLDER);
    }
    assertThat(Files.readString(item)).isEqualTo(newer);
    assertThat(Files.readString(calls)).doesNotContain("add-generic-password");
  }
}
