package dev.scylla.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.scylla.credentials.CredentialsException.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HostCredentialsTest {

  @TempDir Path home;

  private Path homeFile() {
    return home.resolve(".claude/.credentials.json");
  }

  @Test
  void find_prefersExplicitFileOverEverything() throws Exception {
    TestFiles.write(homeFile(), TestFiles.valid("home", Duration.ofHours(5)));
    Path explicit =
        TestFiles.write(home.resolve("mine.json"), TestFiles.valid("x", Duration.ofHours(5)));
    HostCredentials found =
        HostCredentials.find(
            TestFiles.lookup(home)
                .withExplicitFile(explicit)
                .withEnv(Map.of("CLAUDE_CODE_OAUTH_TOKEN", TestFiles.FAKE + "env")));
    assertThat(found.source()).isEqualTo(CredentialSource.EXPLICIT_FILE);
    assertThat(found.file()).contains(explicit);
    assertThat(found.credentials().orElseThrow().accessToken().reveal()).endsWith("access-x");
  }

  @Test
  void find_prefersConfigDirFileOverHomeFile() throws Exception {
    TestFiles.write(homeFile(), TestFiles.valid("home", Duration.ofHours(5)));
    Path configDir = home.resolve("cfg");
    TestFiles.write(
        configDir.resolve(".credentials.json"), TestFiles.valid("cfg", Duration.ofHours(5)));
    HostCredentials found =
        HostCredentials.find(
            TestFiles.lookup(home).withEnv(Map.of("CLAUDE_CONFIG_DIR", configDir.toString())));
    assertThat(found.source()).isEqualTo(CredentialSource.CONFIG_DIR_FILE);
    assertThat(found.location()).isEqualTo(configDir.resolve(".credentials.json").toString());
  }

  @Test
  void find_usesHomeFileWhenConfigDirHasNone() throws Exception {
    TestFiles.write(homeFile(), TestFiles.valid("home", Duration.ofHours(5)));
    HostCredentials found =
        HostCredentials.find(
            TestFiles.lookup(home)
                .withEnv(Map.of("CLAUDE_CONFIG_DIR", home.resolve("empty").toString())));
    assertThat(found.source()).isEqualTo(CredentialSource.HOME_FILE);
    assertThat(found.warnings()).isEmpty();
    assertThat(found.describe()).contains("valid for").doesNotContain(TestFiles.FAKE);
    assertThat(found.toString()).doesNotContain(TestFiles.FAKE);
  }

  @Test
  void find_fallsBackToOauthTokenThenApiKey() {
    HostCredentials oauth =
        HostCredentials.find(
            TestFiles.lookup(home)
                .withEnv(
                    Map.of(
                        "CLAUDE_CODE_OAUTH_TOKEN", TestFiles.FAKE + "oauth",
                        "ANTHROPIC_API_KEY", TestFiles.FAKE + "key")));
    assertThat(oauth.source()).isEqualTo(CredentialSource.ENV_OAUTH_TOKEN);
    assertThat(oauth.environmentToken().orElseThrow().reveal()).isEqualTo(TestFiles.FAKE + "oauth");
    assertThat(oauth.credentials()).isEmpty();
    HostCredentials key =
        HostCredentials.find(
            TestFiles.lookup(home).withEnv(Map.of("ANTHROPIC_API_KEY", TestFiles.FAKE + "key")));
    assertThat(key.source()).isEqualTo(CredentialSource.ENV_API_KEY);
    assertThat(key.describe()).doesNotContain(TestFiles.FAKE);
  }

  @Test
  void find_loggedOutFileGivesWayToEnvTokenWithWarning() throws Exception {
    TestFiles.write(homeFile(), TestFiles.blanked());
    HostCredentials found =
        HostCredentials.find(
            TestFiles.lookup(home)
                .withEnv(Map.of("CLAUDE_CODE_OAUTH_TOKEN", TestFiles.FAKE + "oauth")));
    assertThat(found.source()).isEqualTo(CredentialSource.ENV_OAUTH_TOKEN);
    assertThat(found.warnings()).singleElement().asString().contains("logged out");
  }

  @Test
  void find_expiredTokenWithRefreshTokenIsOnlyAWarning() throws Exception {
    TestFiles.write(homeFile(), TestFiles.valid("old", Duration.ofHours(-3)));
    HostCredentials found = HostCredentials.find(TestFiles.lookup(home));
    assertThat(found.source()).isEqualTo(CredentialSource.HOME_FILE);
    assertThat(found.warnings()).singleElement().asString().contains("expired").contains("refresh");
  }

  static Stream<Arguments> badFiles() {
    long past = Instant.now().minus(Duration.ofHours(2)).toEpochMilli();
    String secret = TestFiles.FAKE + "leak-me";
    return Stream.of(
        Arguments.of("empty file", "", Problem.MALFORMED),
        Arguments.of("not JSON", "{not json", Problem.MALFORMED),
        Arguments.of(
            "truncated JSON holding a token",
            "{\"claudeAiOauth\":{\"accessToken\":\"" + secret,
            Problem.MALFORMED),
        Arguments.of("JSON array", "[]", Problem.MALFORMED),
        Arguments.of("no claudeAiOauth", "{\"other\":1}", Problem.MALFORMED),
        Arguments.of(
            "claudeAiOauth not an object",
            "{\"claudeAiOauth\":\"" + secret + "\"}",
            Problem.MALFORMED),
        Arguments.of(
            "no accessToken",
            "{\"claudeAiOauth\":{\"refreshToken\":\"" + secret + "\",\"expiresAt\":5}}",
            Problem.MALFORMED),
        Arguments.of(
            "numeric accessToken",
            "{\"claudeAiOauth\":{\"accessToken\":12,\"expiresAt\":5}}",
            Problem.MALFORMED),
        Arguments.of(
            "textual expiresAt",
            "{\"claudeAiOauth\":{\"accessToken\":\"" + secret + "\",\"expiresAt\":\"soon\"}}",
            Problem.MALFORMED),
        Arguments.of("blanked by a failed refresh", TestFiles.blanked(), Problem.LOGGED_OUT),
        Arguments.of("expiresAt 0", TestFiles.json(secret, secret, 0), Problem.LOGGED_OUT),
        Arguments.of(
            "expired without refresh token", TestFiles.json(secret, "", past), Problem.LOGGED_OUT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void find_rejectsBadFileWithOneLineMessageNamingThePath(
      String name, String content, Problem expected) throws Exception {
    TestFiles.write(homeFile(), content);
    assertThatThrownBy(() -> HostCredentials.find(TestFiles.lookup(home)))
        .isInstanceOfSatisfying(
            CredentialsException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(expected);
              assertThat(e.getMessage())
                  .contains(homeFile().toString())
                  .doesNotContain("\n")
                  .doesNotContain(TestFiles.FAKE);
            });
  }

  @Test
  void find_directoryInPlaceOfFileIsUnreadable() throws Exception {
    Files.createDirectories(homeFile());
    assertThatThrownBy(() -> HostCredentials.find(TestFiles.lookup(home)))
        .isInstanceOfSatisfying(
            CredentialsException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.UNREADABLE);
              assertThat(e.getMessage()).contains(homeFile().toString()).contains("directory");
            });
  }

  @Test
  void find_unreadableFileSaysHowToFixIt() throws Exception {
    assumeFalse(TestFiles.runningAsRoot(), "root reads mode-000 files");
    TestFiles.write(homeFile(), TestFiles.valid("x", Duration.ofHours(1)));
    Files.setPosixFilePermissions(homeFile(), PosixFilePermissions.fromString("---------"));
    assertThatThrownBy(() -> HostCredentials.find(TestFiles.lookup(home)))
        .isInstanceOfSatisfying(
            CredentialsException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNREADABLE));
  }

  @Test
  void find_missingEverywhereSaysHowToLogIn() {
    assertThatThrownBy(
            () ->
                HostCredentials.find(
                    TestFiles.lookup(home).withEnv(Map.of("CLAUDE_CODE_OAUTH_TOKEN", " "))))
        .isInstanceOfSatisfying(
            CredentialsException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.MISSING);
              assertThat(e.getMessage())
                  .contains("/login")
                  .contains("CLAUDE_CODE_OAUTH_TOKEN")
                  .contains(homeFile().toString())
                  .doesNotContain("\n");
            });
  }

  @Test
  void find_missingExplicitFileIsAnErrorEvenWithOtherSources() throws Exception {
    TestFiles.write(homeFile(), TestFiles.valid("home", Duration.ofHours(5)));
    Path missing = home.resolve("nope.json");
    assertThatThrownBy(() -> HostCredentials.find(TestFiles.lookup(home).withExplicitFile(missing)))
        .isInstanceOfSatisfying(
            CredentialsException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.MISSING);
              assertThat(e.getMessage()).contains(missing.toString()).doesNotContain("--");
              assertThat(e.setting()).contains(CredentialsException.CREDENTIALS_FILE);
              assertThat(e.kind()).isEqualTo(CredentialsException.Kind.CREDENTIALS);
            });
  }
}
