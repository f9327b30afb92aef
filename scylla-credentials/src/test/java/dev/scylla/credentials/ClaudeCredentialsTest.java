package dev.scylla.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClaudeCredentialsTest {

  @Test
  void secret_toStringNeverShowsTheValue() {
    Secret secret = Secret.of(TestFiles.FAKE + "abc");
    assertThat(secret.toString()).doesNotContain("abc").contains("redacted");
    assertThat(Secret.of("").toString()).contains("empty");
    assertThat(secret.reveal()).isEqualTo(TestFiles.FAKE + "abc");
    assertThat(secret).isEqualTo(Secret.of(TestFiles.FAKE + "abc")).isNotEqualTo(Secret.of("x"));
  }

  @Test
  void parse_readsFieldsAndRedactsToString() {
    ClaudeCredentials c =
        ClaudeCredentials.parse(
            TestFiles.json(TestFiles.FAKE + "a", TestFiles.FAKE + "r", 42), "x");
    assertThat(c.accessToken().reveal()).isEqualTo(TestFiles.FAKE + "a");
    assertThat(c.refreshToken().reveal()).isEqualTo(TestFiles.FAKE + "r");
    assertThat(c.expiresAtMillis()).isEqualTo(42);
    assertThat(c.scopes()).containsExactly("user:inference", "user:profile");
    assertThat(c.subscriptionType()).contains("max");
    assertThat(c.toString()).doesNotContain(TestFiles.FAKE);
  }

  @Test
  void withTokens_keepsUnknownFields() throws Exception {
    ClaudeCredentials c = ClaudeCredentials.parse(TestFiles.json("a", "r", 1), "x");
    ClaudeCredentials refreshed =
        c.withTokens(Secret.of("a2"), Secret.of("r2"), Instant.ofEpochMilli(99));
    var tree = new ObjectMapper().readTree(refreshed.toJson());
    assertThat(tree.at("/futureField/kept").toString()).isEqualTo("[1,2,3]");
    assertThat(tree.at("/claudeAiOauth/subscriptionType").asText()).isEqualTo("max");
    assertThat(tree.at("/claudeAiOauth/accessToken").asText()).isEqualTo("a2");
    assertThat(tree.at("/claudeAiOauth/expiresAt").asLong()).isEqualTo(99);
  }

  @Test
  void toJson_isTheTextAsRead() {
    String text = "{ \"claudeAiOauth\" : {\"accessToken\":\"a\",\"expiresAt\":5}, \"z\": 1 }";
    assertThat(ClaudeCredentials.parse(text, "x").toJson()).isEqualTo(text);
  }

  @Test
  void isBlank_detectsWhatAFailedRefreshWrites() {
    assertThat(ClaudeCredentials.parse(TestFiles.blanked(), "x").isBlank()).isTrue();
    assertThat(ClaudeCredentials.parse(TestFiles.json("a", "r", 5), "x").isBlank()).isFalse();
  }
}
