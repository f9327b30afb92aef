package dev.scylla.credentials;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of a Claude login in one line, for the container's welcome banner and {@code scylla
 * doctor}: the source and hours left, or what is missing and how to fix it.
 *
 * @param state the verdict
 * @param source where the credentials come from, or {@code null} when there are none
 * @param location a path, Keychain item or variable name; empty when nothing was found
 * @param remaining time until the access token expires (negative when expired), or {@code null}
 *     when unknown (environment tokens)
 * @param fix what to do, empty when nothing needs doing
 */
public record CredentialStatus(
    State state, CredentialSource source, String location, Duration remaining, String fix) {

  /** The verdicts. */
  public enum State {
    /** Usable credentials. */
    VALID,
    /** The access token expired, but Claude Code renews it with the refresh token. */
    EXPIRED_REFRESHABLE,
    /** Tokens blanked, or expired with no refresh token. */
    LOGGED_OUT,
    /** No credentials at all. */
    MISSING,
    /** A file that is not valid credentials. */
    INVALID
  }

  private static final String LOGIN_FIX =
      "run `claude` on the host and /login, then start Scylla again; or set"
          + " CLAUDE_CODE_OAUTH_TOKEN (from `claude setup-token`) or ANTHROPIC_API_KEY";

  /** Validates. */
  public CredentialStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(fix, "fix");
  }

  /** The status in a Claude config directory and environment, now. */
  public static CredentialStatus inspect(Path configDir, Map<String, String> env) {
    return inspect(configDir, env, Instant.now());
  }

  /**
   * The status in a Claude config directory (inside the container: {@code $CLAUDE_CONFIG_DIR}) and
   * an environment, at {@code now}. A blanked live file with a valid guard copy counts as valid:
   * the guard restores it on its next call.
   */
  public static CredentialStatus inspect(Path configDir, Map<String, String> env, Instant now) {
    CredentialFile.Read live =
        CredentialFile.read(configDir.resolve(StagedCredentials.CREDENTIALS_FILE));
    CredentialFile.Read kept = CredentialFile.read(configDir.resolve(CredentialGuard.NEWEST_FILE));
    CredentialFile.Read best =
        kept.valid() && kept.expiresAtOrMin() > live.expiresAtOrMin() ? kept : live;
    String where = configDir.resolve(StagedCredentials.CREDENTIALS_FILE).toString();
    if (best.valid()) {
      return fromCredentials(CredentialSource.CONFIG_DIR_FILE, where, best.credentials(), now);
    }
    for (CredentialSource envSource :
        new CredentialSource[] {CredentialSource.ENV_OAUTH_TOKEN, CredentialSource.ENV_API_KEY}) {
      String value = env.get(envSource.label());
      if (value != null && !value.isBlank()) {
        return new CredentialStatus(State.VALID, envSource, envSource.label(), null, "");
      }
    }
    return switch (live.status()) {
      case BLANK ->
          new CredentialStatus(
              State.LOGGED_OUT,
              CredentialSource.CONFIG_DIR_FILE,
              where,
              null,
              "logged out (tokens blanked): " + LOGIN_FIX);
      case MISSING ->
          new CredentialStatus(
              State.MISSING, null, "", null, "no Claude credentials: " + LOGIN_FIX);
      default ->
          new CredentialStatus(
              State.INVALID, CredentialSource.CONFIG_DIR_FILE, where, null, live.problem());
    };
  }

  /** The status of the host's credentials, as {@link HostCredentials#find} sees them. */
  public static CredentialStatus inspect(CredentialLookup lookup) {
    Instant now = Instant.now();
    try {
      HostCredentials host = HostCredentials.find(lookup);
      Optional<ClaudeCredentials> creds = host.credentials();
      if (creds.isEmpty()) {
        return new CredentialStatus(State.VALID, host.source(), host.location(), null, "");
      }
      return fromCredentials(host.source(), host.location(), creds.get(), now);
    } catch (CredentialsException e) {
      State state =
          switch (e.problem()) {
            case MISSING -> State.MISSING;
            case LOGGED_OUT -> State.LOGGED_OUT;
            default -> State.INVALID;
          };
      return new CredentialStatus(state, null, "", null, e.getMessage());
    }
  }

  private static CredentialStatus fromCredentials(
      CredentialSource source, String where, ClaudeCredentials creds, Instant now) {
    Duration left = creds.remainingAt(now);
    if (!left.isNegative() && !left.isZero()) {
      return new CredentialStatus(State.VALID, source, where, left, "");
    }
    if (creds.canRefresh()) {
      return new CredentialStatus(State.EXPIRED_REFRESHABLE, source, where, left, "");
    }
    return new CredentialStatus(
        State.LOGGED_OUT, source, where, left, "expired with no refresh token: " + LOGIN_FIX);
  }

  /** Whether an agent can authenticate (valid, or expired but refreshable). */
  public boolean ok() {
    return state == State.VALID || state == State.EXPIRED_REFRESHABLE;
  }

  /** Hours until expiry (negative when expired), when known. */
  public Optional<Double> hoursLeft() {
    return remaining == null ? Optional.empty() : Optional.of(remaining.toMillis() / 3_600_000.0);
  }

  /** One line: source and expiry, or the problem and its fix. Never a token. */
  public String describe() {
    return switch (state) {
      case VALID ->
          remaining == null
              ? "Claude login: " + location + " (set in the environment; no expiry known)"
              : "Claude login: "
                  + location
                  + " (access token valid for "
                  + HostCredentials.hours(remaining)
                  + ")";
      case EXPIRED_REFRESHABLE ->
          "Claude login: "
              + location
              + " (access token expired "
              + HostCredentials.hours(remaining.negated())
              + " ago; Claude Code renews it on first use)";
      case LOGGED_OUT, INVALID ->
          "Claude login: "
              + (location.isEmpty() ? "" : location + ": ")
              + (state == State.LOGGED_OUT ? "" : "invalid: ")
              + fix;
      case MISSING -> "Claude login: missing: " + fix;
    };
  }
}
