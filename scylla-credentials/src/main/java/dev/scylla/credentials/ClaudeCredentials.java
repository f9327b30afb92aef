package dev.scylla.credentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scylla.credentials.CredentialsException.Problem;
import dev.scylla.credentials.internal.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The content of a Claude Code credentials file, {@code {"claudeAiOauth": {"accessToken",
 * "refreshToken", "expiresAt", ...}}}. The original text is kept as it was, so fields this class
 * does not know survive a round trip. {@link #toString()} never shows a token.
 */
public final class ClaudeCredentials {

  private final String json;
  private final Secret accessToken;
  private final Secret refreshToken;
  private final long expiresAtMillis;
  private final List<String> scopes;
  private final String subscriptionType;

  private ClaudeCredentials(
      String json,
      Secret accessToken,
      Secret refreshToken,
      long expiresAtMillis,
      List<String> scopes,
      String subscriptionType) {
    this.json = json;
    this.accessToken = accessToken;
    this.refreshToken = refreshToken;
    this.expiresAtMillis = expiresAtMillis;
    this.scopes = List.copyOf(scopes);
    this.subscriptionType = subscriptionType;
  }

  /**
   * Parses credentials JSON.
   *
   * @param json the text of a credentials file or Keychain item
   * @param origin where the text came from (a path or a Keychain item), used in error messages
   * @throws CredentialsException ({@link Problem#MALFORMED}) naming {@code origin} and the fix,
   *     without quoting the text
   */
  public static ClaudeCredentials parse(String json, String origin) {
    Objects.requireNonNull(json, "json");
    String fix = "; run `claude` and /login on the host to recreate it, or pass another file";
    if (json.isBlank()) {
      throw new CredentialsException(Problem.MALFORMED, origin + " is empty" + fix);
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      // Jackson's own message quotes the input, which may hold a token: report the place only.
      var loc = e.getLocation();
      String where =
          loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw new CredentialsException(
          Problem.MALFORMED, origin + " is not valid JSON" + where + fix);
    }
    if (root == null || !root.isObject()) {
      throw new CredentialsException(
          Problem.MALFORMED, origin + " does not hold a JSON object" + fix);
    }
    JsonNode oauth = root.get("claudeAiOauth");
    if (oauth == null || !oauth.isObject()) {
      throw new CredentialsException(
          Problem.MALFORMED, origin + " has no \"claudeAiOauth\" object" + fix);
    }
    Secret access = textField(oauth, "accessToken", true, origin, fix);
    Secret refresh = textField(oauth, "refreshToken", false, origin, fix);
    JsonNode expires = oauth.get("expiresAt");
    if (expires == null || !expires.isIntegralNumber() || !expires.canConvertToLong()) {
      throw new CredentialsException(
          Problem.MALFORMED,
          origin + " has no numeric \"claudeAiOauth.expiresAt\" (epoch milliseconds)" + fix);
    }
    List<String> scopes = new ArrayList<>();
    JsonNode scopeNode = oauth.get("scopes");
    if (scopeNode != null && scopeNode.isArray()) {
      scopeNode.forEach(s -> scopes.add(s.asText()));
    }
    JsonNode sub = oauth.get("subscriptionType");
    String subscription = sub != null && sub.isTextual() ? sub.asText() : null;
    return new ClaudeCredentials(json, access, refresh, expires.asLong(), scopes, subscription);
  }

  private static Secret textField(
      JsonNode oauth, String name, boolean required, String origin, String fix) {
    JsonNode node = oauth.get(name);
    if (node == null || node.isNull()) {
      if (required) {
        throw new CredentialsException(
            Problem.MALFORMED, origin + " has no \"claudeAiOauth." + name + "\"" + fix);
      }
      return Secret.empty();
    }
    if (!node.isTextual()) {
      throw new CredentialsException(
          Problem.MALFORMED, origin + " has a non-string \"claudeAiOauth." + name + "\"" + fix);
    }
    return Secret.of(node.asText());
  }

  /**
   * Returns a copy as Claude Code would write it after a refresh: new tokens and expiry, every
   * other field unchanged.
   */
  public ClaudeCredentials withTokens(Secret accessToken, Secret refreshToken, Instant expiresAt) {
    try {
      ObjectNode root = (ObjectNode) Json.MAPPER.readTree(json);
      ObjectNode oauth = (ObjectNode) root.get("claudeAiOauth");
      oauth.put("accessToken", accessToken.reveal());
      oauth.put("refreshToken", refreshToken.reveal());
      oauth.put("expiresAt", expiresAt.toEpochMilli());
      String text = Json.MAPPER.writeValueAsString(root);
      return new ClaudeCredentials(
          text, accessToken, refreshToken, expiresAt.toEpochMilli(), scopes, subscriptionType);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("re-reading credentials that parsed before failed", e);
    }
  }

  /** The JSON text exactly as read (or as rewritten by {@link #withTokens}). */
  public String toJson() {
    return json;
  }

  /** The OAuth access token. */
  public Secret accessToken() {
    return accessToken;
  }

  /** The OAuth refresh token; empty when the file has none. */
  public Secret refreshToken() {
    return refreshToken;
  }

  /** When the access token expires. */
  public Instant expiresAt() {
    return Instant.ofEpochMilli(expiresAtMillis);
  }

  /** {@code expiresAt} in epoch milliseconds, the unit of the file. */
  public long expiresAtMillis() {
    return expiresAtMillis;
  }

  /** The OAuth scopes, empty when absent. */
  public List<String> scopes() {
    return scopes;
  }

  /** The subscription type ("pro", "max"...), when present. */
  public Optional<String> subscriptionType() {
    return Optional.ofNullable(subscriptionType);
  }

  /**
   * Whether the tokens were blanked (a failed refresh or a logout writes empty tokens and {@code
   * expiresAt: 0}).
   */
  public boolean isBlank() {
    return accessToken.isBlank() || expiresAtMillis <= 0;
  }

  /** Whether the access token has expired at {@code now}. */
  public boolean isExpiredAt(Instant now) {
    return expiresAtMillis <= now.toEpochMilli();
  }

  /** Whether there is a refresh token, so Claude Code can renew an expired access token. */
  public boolean canRefresh() {
    return !refreshToken.isBlank();
  }

  /** Time left until expiry at {@code now}; negative when expired. */
  public Duration remainingAt(Instant now) {
    return Duration.ofMillis(expiresAtMillis - now.toEpochMilli());
  }

  /** Shows the expiry and whether tokens are present, never the tokens. */
  @Override
  public String toString() {
    return "ClaudeCredentials[accessToken="
        + accessToken
        + ", refreshToken="
        + refreshToken
        + ", expiresAt="
        + expiresAt()
        + "]";
  }
}
