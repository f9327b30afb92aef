package dev.scylla.credentials;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the search for host credentials looks at, as values, so a test can inject each of them
 * and nothing reads the process environment behind the caller's back.
 *
 * @param explicitFile a file named by the user ({@code --credentials FILE}), or {@code null}
 * @param env the environment variables to consult (CLAUDE_CONFIG_DIR, CLAUDE_CODE_OAUTH_TOKEN,
 *     ANTHROPIC_API_KEY, XDG_STATE_HOME, PATH, USER)
 * @param homeDir the user's home directory
 * @param osName the operating system name, as in the {@code os.name} property
 * @param securityCommand the macOS {@code security} executable: a path, or a bare name looked up on
 *     {@code env}'s PATH
 */
public record CredentialLookup(
    Path explicitFile,
    Map<String, String> env,
    Path homeDir,
    String osName,
    String securityCommand) {

  /** The Keychain service name Claude Code stores its login under on macOS. */
  public static final String KEYCHAIN_SERVICE = "Claude Code-credentials";

  /** Validates and copies. */
  public CredentialLookup {
    env = Map.copyOf(Objects.requireNonNull(env, "env"));
    Objects.requireNonNull(homeDir, "homeDir");
    if (!homeDir.isAbsolute()) {
      throw new IllegalArgumentException("homeDir must be absolute, got " + homeDir);
    }
    Objects.requireNonNull(osName, "osName");
    if (securityCommand == null || securityCommand.isBlank()) {
      throw new IllegalArgumentException(
          "securityCommand must name an executable, got '" + securityCommand + "'");
    }
  }

  /**
   * The lookup of this process: its environment, {@code $HOME} (else {@code user.home}), {@code
   * os.name}, and {@code security} on the PATH.
   *
   * @param explicitFile the {@code --credentials} file, or {@code null}
   */
  public static CredentialLookup fromSystem(Path explicitFile) {
    Map<String, String> env = System.getenv();
    String home = env.get("HOME");
    Path homeDir =
        home != null && !home.isBlank() && Path.of(home).isAbsolute()
            ? Path.of(home)
            : Path.of(System.getProperty("user.home"));
    return new CredentialLookup(
        explicitFile, env, homeDir, System.getProperty("os.name", ""), "security");
  }

  /** A copy with another explicit file ({@code null} for none). */
  public CredentialLookup withExplicitFile(Path file) {
    return new CredentialLookup(file, env, homeDir, osName, securityCommand);
  }

  /** A copy with another environment. */
  public CredentialLookup withEnv(Map<String, String> newEnv) {
    return new CredentialLookup(explicitFile, newEnv, homeDir, osName, securityCommand);
  }

  /** A copy with another home directory. */
  public CredentialLookup withHomeDir(Path dir) {
    return new CredentialLookup(explicitFile, env, dir, osName, securityCommand);
  }

  /** A copy with another operating system name. */
  public CredentialLookup withOsName(String name) {
    return new CredentialLookup(explicitFile, env, homeDir, name, securityCommand);
  }

  /** A copy with another {@code security} executable. */
  public CredentialLookup withSecurityCommand(String command) {
    return new CredentialLookup(explicitFile, env, homeDir, osName, command);
  }

  /** The explicit file, if any. */
  public Optional<Path> explicit() {
    return Optional.ofNullable(explicitFile);
  }

  /** A non-blank environment variable. */
  public Optional<String> envValue(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  /** Whether this is macOS, where Claude Code keeps its login in the Keychain. */
  public boolean isMacOs() {
    String os = osName.toLowerCase(Locale.ROOT);
    return os.startsWith("mac") || os.contains("darwin");
  }

  /**
   * Scylla's state directory: {@code $XDG_STATE_HOME/scylla}, else {@code ~/.local/state/scylla}.
   * It survives logouts and reboots, unlike {@code $XDG_RUNTIME_DIR}.
   */
  public Path stateDir() {
    return envValue("XDG_STATE_HOME")
        .map(Path::of)
        .filter(Path::isAbsolute)
        .orElse(homeDir.resolve(".local").resolve("state"))
        .resolve("scylla");
  }

  /** The {@code security} executable, resolved against {@code env}'s PATH; empty if not found. */
  public Optional<Path> resolveSecurity() {
    if (securityCommand.contains("/")) {
      Path p = Path.of(securityCommand);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    for (String dir : envValue("PATH").orElse("").split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, securityCommand);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Shows the places looked at, never the environment's values. */
  @Override
  public String toString() {
    return "CredentialLookup[explicitFile="
        + explicitFile
        + ", homeDir="
        + homeDir
        + ", osName="
        + osName
        + ", securityCommand="
        + securityCommand
        + ", env="
        + env.size()
        + " variables]";
  }
}
