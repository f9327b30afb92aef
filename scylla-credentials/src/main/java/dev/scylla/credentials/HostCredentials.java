package dev.scylla.credentials;

import dev.scylla.credentials.CredentialsException.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's Claude credentials and where they came from. Found with {@link #find}; handed to
 * {@link CredentialStager} to stage them. {@link #toString()} never shows a token.
 */
public final class HostCredentials {

  private static final Logger LOG = LoggerFactory.getLogger(HostCredentials.class);

  private static final String LOGIN_FIX =
      "run `claude` on the host and /login, or set CLAUDE_CODE_OAUTH_TOKEN (from `claude"
          + " setup-token`) or ANTHROPIC_API_KEY";

  private final CredentialSource source;
  private final String location;
  private final ClaudeCredentials credentials;
  private final Secret environmentToken;
  private final HostStore store;
  private final List<String> warnings;

  private HostCredentials(
      CredentialSource source,
      String location,
      ClaudeCredentials credentials,
      Secret environmentToken,
      HostStore store,
      List<String> warnings) {
    this.source = source;
    this.location = location;
    this.credentials = credentials;
    this.environmentToken = environmentToken;
    this.store = store;
    this.warnings = List.copyOf(warnings);
  }

  /**
   * Finds the host's credentials, first source that applies: the explicit file; {@code
   * $CLAUDE_CONFIG_DIR/.credentials.json}; {@code ~/.claude/.credentials.json}; on macOS the
   * Keychain item {@code Claude Code-credentials}; {@code CLAUDE_CODE_OAUTH_TOKEN}; {@code
   * ANTHROPIC_API_KEY}. A logged-out (blanked) file gives way to an environment token with a
   * warning.
   *
   * @throws CredentialsException with a one-line message naming the place and the fix: nothing
   *     found, malformed JSON, a directory or unreadable file, blanked tokens, an expired token
   *     without a refresh token
   */
  public static HostCredentials find(CredentialLookup lookup) {
    Instant now = Instant.now();
    List<String> warnings = new ArrayList<>();
    List<String> looked = new ArrayList<>();
    String loggedOut = null;

    if (lookup.explicitFile() != null) {
      Path file = lookup.explicitFile().toAbsolutePath().normalize();
      CredentialFile.Read read = CredentialFile.read(file);
      if (read.status() == CredentialFile.Status.MISSING) {
        throw new CredentialsException(
            Problem.MISSING,
            CredentialsException.CREDENTIALS_FILE,
            "credentials file " + file + " does not exist: name an existing file",
            null);
      }
      failOnBroken(read, file.toString(), FILE_UNREADABLE_FIX);
      if (read.status() == CredentialFile.Status.BLANK) {
        throw loggedOut(file.toString());
      }
      return fromStore(
          CredentialSource.EXPLICIT_FILE, new FileHostStore(file), read, now, warnings);
    }

    List<Path> files = new ArrayList<>();
    lookup
        .envValue("CLAUDE_CONFIG_DIR")
        .map(Path::of)
        .filter(Path::isAbsolute)
        .ifPresent(d -> files.add(d.resolve(".credentials.json")));
    files.add(lookup.homeDir().resolve(".claude").resolve(".credentials.json"));
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i).normalize();
      looked.add(file.toString());
      CredentialFile.Read read = CredentialFile.read(file);
      if (read.status() == CredentialFile.Status.MISSING) {
        continue;
      }
      failOnBroken(read, file.toString(), FILE_UNREADABLE_FIX);
      if (read.status() == CredentialFile.Status.BLANK) {
        loggedOut = loggedOut == null ? file.toString() : loggedOut;
        continue;
      }
      CredentialSource source =
          i == 0 && files.size() == 2
              ? CredentialSource.CONFIG_DIR_FILE
              : CredentialSource.HOME_FILE;
      return fromStore(source, new FileHostStore(file), read, now, warnings);
    }

    if (lookup.isMacOs()) {
      looked.add("macOS Keychain");
      Optional<Path> security = lookup.resolveSecurity();
      if (security.isEmpty()) {
        LOG.warn("macOS without a `security` executable on PATH: the Keychain was not searched");
      } else {
        KeychainHostStore keychain =
            new KeychainHostStore(
                security.get(),
                lookup.envValue("USER").orElse(lookup.homeDir().getFileName().toString()),
                lookup.stateDir().resolve("keychain.scylla.lock"));
        CredentialFile.Read read = keychain.read();
        if (read.status() != CredentialFile.Status.MISSING) {
          failOnBroken(read, keychain.describe(), KEYCHAIN_UNREADABLE_FIX);
          if (read.status() == CredentialFile.Status.BLANK) {
            loggedOut = loggedOut == null ? keychain.describe() : loggedOut;
          } else {
            return fromStore(CredentialSource.MACOS_KEYCHAIN, keychain, read, now, warnings);
          }
        }
      }
    }

    for (CredentialSource envSource :
        List.of(CredentialSource.ENV_OAUTH_TOKEN, CredentialSource.ENV_API_KEY)) {
      looked.add(envSource.label());
      Optional<String> token = lookup.envValue(envSource.label());
      if (token.isPresent()) {
        if (loggedOut != null) {
          warnings.add(
              loggedOut
                  + " is logged out (tokens blanked); using "
                  + envSource.label()
                  + " instead");
        }
        return new HostCredentials(
            envSource, envSource.label(), null, Secret.of(token.get()), null, warnings);
      }
    }

    if (loggedOut != null) {
      throw loggedOut(loggedOut);
    }
    throw new CredentialsException(
        Problem.MISSING,
        "no Claude credentials found (looked at " + String.join(", ", looked) + "): " + LOGIN_FIX);
  }

  private static CredentialsException loggedOut(String where) {
    return new CredentialsException(
        Problem.LOGGED_OUT,
        where + " is logged out on the host (tokens blanked): run `claude` and /login");
  }

  private static final String FILE_UNREADABLE_FIX =
      "make it readable by this user (chmod 600, owned by you)";

  private static final String KEYCHAIN_UNREADABLE_FIX =
      "unlock the login keychain (`security unlock-keychain`) and allow access when asked, or"
          + " set CLAUDE_CODE_OAUTH_TOKEN";

  private static void failOnBroken(CredentialFile.Read read, String where, String unreadableFix) {
    switch (read.status()) {
      case NOT_A_FILE ->
          throw new CredentialsException(
              Problem.UNREADABLE,
              CredentialsException.CREDENTIALS_FILE,
              where
                  + " is a directory or special file, not a credentials file: remove it and run"
                  + " `claude` and /login, or name another credentials file",
              null);
      case UNREADABLE ->
          throw new CredentialsException(Problem.UNREADABLE, read.problem() + ": " + unreadableFix);
      case MALFORMED -> throw new CredentialsException(Problem.MALFORMED, read.problem());
      default -> {
        // MISSING, BLANK and VALID are the caller's to handle.
      }
    }
  }

  private static HostCredentials fromStore(
      CredentialSource source,
      HostStore store,
      CredentialFile.Read read,
      Instant now,
      List<String> warnings) {
    ClaudeCredentials creds = read.credentials();
    if (creds.isExpiredAt(now)) {
      if (!creds.canRefresh()) {
        throw new CredentialsException(
            Problem.LOGGED_OUT,
            store.describe()
                + ": the access token expired at "
                + creds.expiresAt()
                + " and there is no refresh token: run `claude` and /login");
      }
      warnings.add(
          store.describe()
              + ": the access token expired "
              + hours(creds.remainingAt(now).negated())
              + " ago; Claude Code renews it with the refresh token");
    }
    return new HostCredentials(source, store.describe(), creds, null, store, warnings);
  }

  static String hours(Duration d) {
    return String.format(Locale.ROOT, "%.1f h", d.toMillis() / 3_600_000.0);
  }

  /** Which source applied. */
  public CredentialSource source() {
    return source;
  }

  /** The path, Keychain item or variable name the credentials came from. */
  public String location() {
    return location;
  }

  /** The host file, for file sources. */
  public Optional<Path> file() {
    return store == null ? Optional.empty() : Optional.ofNullable(store.file());
  }

  /** The OAuth credentials, for file and Keychain sources. */
  public Optional<ClaudeCredentials> credentials() {
    return Optional.ofNullable(credentials);
  }

  /** The token or key, for environment sources (never written to disk). */
  public Optional<Secret> environmentToken() {
    return Optional.ofNullable(environmentToken);
  }

  /** Problems worth a warning that do not stop a run (an expired but refreshable token...). */
  public List<String> warnings() {
    return warnings;
  }

  /** One line for the user: the source, where, and the expiry; never a token. */
  public String describe() {
    if (credentials == null) {
      return source.label() + " (from the environment)";
    }
    Duration left = credentials.remainingAt(Instant.now());
    String expiry =
        left.isNegative()
            ? "access token expired " + hours(left.negated()) + " ago, refreshable"
            : "access token valid for " + hours(left);
    return source.label() + " " + location + " (" + expiry + ")";
  }

  HostStore store() {
    return store;
  }

  /** Shows the source and location, never a token. */
  @Override
  public String toString() {
    return "HostCredentials[source=" + source + ", location=" + location + "]";
  }
}
