package dev.scylla.credentials;

/** Where the host's Claude credentials were found, in the order they are looked for. */
public enum CredentialSource {
  /** A file named explicitly ({@code --credentials FILE}). */
  EXPLICIT_FILE("credentials file"),
  /** {@code $CLAUDE_CONFIG_DIR/.credentials.json} on the host. */
  CONFIG_DIR_FILE("CLAUDE_CONFIG_DIR credentials file"),
  /** {@code ~/.claude/.credentials.json}. */
  HOME_FILE("Claude login file"),
  /** The macOS Keychain item {@code Claude Code-credentials}. */
  MACOS_KEYCHAIN("macOS Keychain"),
  /** The {@code CLAUDE_CODE_OAUTH_TOKEN} environment variable (from {@code claude setup-token}). */
  ENV_OAUTH_TOKEN("CLAUDE_CODE_OAUTH_TOKEN"),
  /** The {@code ANTHROPIC_API_KEY} environment variable. */
  ENV_API_KEY("ANTHROPIC_API_KEY");

  private final String label;

  CredentialSource(String label) {
    this.label = label;
  }

  /** A short human-readable name for banners and {@code scylla doctor}. */
  public String label() {
    return label;
  }

  /** Whether the credentials travel as an environment variable rather than a staged file. */
  public boolean isEnvironment() {
    return this == ENV_OAUTH_TOKEN || this == ENV_API_KEY;
  }
}
