package dev.scylla.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.credentials.CredentialStatus.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStatusTest {

  @TempDir Path dir;
  private final Instant now = Instant.parse("2026-11-27T12:00:00Z");

  private void live(String json) throws Exception {
    Files.writeString(dir.resolve(".credentials.json"), json);
  }

  @Test
  void inspect_validFileReportsSourceAndHoursLeft() throws Exception {
    live(TestFiles.at("x", now.plus(Duration.ofMinutes(450)).toEpochMilli()));
    CredentialStatus s = CredentialStatus.inspect(dir, Map.of(), now);
    assertThat(s.state()).isEqualTo(State.VALID);
    assertThat(s.ok()).isTrue();
    assertThat(s.source()).isEqualTo(CredentialSource.CONFIG_DIR_FILE);
    assertThat(s.hoursLeft()).contains(7.5);
    assertThat(s.describe())
        .contains("valid for 7.5 h")
        .contains(dir.toString())
        .doesNotContain(TestFiles.FAKE);
  }

  @Test
  void inspect_expiredWithRefreshTokenIsStillOk() throws Exception {
    live(TestFiles.at("x", now.minus(Duration.ofHours(2)).toEpochMilli()));
    CredentialStatus s = CredentialStatus.inspect(dir, Map.of(), now);
    assertThat(s.state()).isEqualTo(State.EXPIRED_REFRESHABLE);
    assertThat(s.ok()).isTrue();
    assertThat(s.describe()).contains("expired 2.0 h ago");
  }

  @Test
  void inspect_blankedFileIsLoggedOutWithTheFix() throws Exception {
    live(TestFiles.blanked());
    CredentialStatus s = CredentialStatus.inspect(dir, Map.of(), now);
    assertThat(s.state()).isEqualTo(State.LOGGED_OUT);
    assertThat(s.ok()).isFalse();
    assertThat(s.describe()).contains("/login");
  }

  @Test
  void inspect_blankedFileWithAGuardCopyCountsAsValid() throws Exception {
    Files.writeString(
        dir.resolve(".credentials.newest.json"),
        TestFiles.at("kept", now.plus(Duration.ofHours(3)).toEpochMilli()));
    live(TestFiles.blanked());
    assertThat(CredentialStatus.inspect(dir, Map.of(), now).state()).isEqualTo(State.VALID);
  }

  @Test
  void inspect_environmentTokenWithoutFile() {
    CredentialStatus s =
        CredentialStatus.inspect(dir, Map.of("CLAUDE_CODE_OAUTH_TOKEN", TestFiles.FAKE + "t"), now);
    assertThat(s.state()).isEqualTo(State.VALID);
    assertThat(s.source()).isEqualTo(CredentialSource.ENV_OAUTH_TOKEN);
    assertThat(s.hoursLeft()).isEmpty();
    assertThat(s.describe()).contains("CLAUDE_CODE_OAUTH_TOKEN").doesNotContain(TestFiles.FAKE);
  }

  @Test
  void inspect_nothingAnywhereSaysWhatToDo() {
    CredentialStatus s = CredentialStatus.inspect(dir, Map.of("ANTHROPIC_API_KEY", ""), now);
    assertThat(s.state()).isEqualTo(State.MISSING);
    assertThat(s.describe())
        .startsWith("Claude login: missing")
        .contains("/login")
        .contains("setup-token");
  }

  @Test
  void inspect_malformedFileIsInvalid() throws Exception {
    live("{");
    CredentialStatus s = CredentialStatus.inspect(dir, Map.of(), now);
    assertThat(s.state()).isEqualTo(State.INVALID);
    assertThat(s.describe()).contains("not valid JSON");
  }

  @Test
  void inspect_hostLookupReportsTheFindersVerdict() throws Exception {
    Path home = dir.resolve("home");
    assertThat(CredentialStatus.inspect(TestFiles.lookup(home)).state()).isEqualTo(State.MISSING);
    TestFiles.write(
        home.resolve(".claude/.credentials.json"), TestFiles.valid("h", Duration.ofHours(4)));
    CredentialStatus s = CredentialStatus.inspect(TestFiles.lookup(home));
    assertThat(s.state()).isEqualTo(State.VALID);
    assertThat(s.source()).isEqualTo(CredentialSource.HOME_FILE);
  }
}
