package dev.scylla.credentials;

import dev.scylla.credentials.internal.Processes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The macOS Keychain item {@code Claude Code-credentials}, read and written with the {@code
 * security} tool.
 */
final class KeychainHostStore implements HostStore {

  /** {@code security} exits with 44 when the item does not exist. */
  private static final int ITEM_NOT_FOUND = 44;

  private static final Pattern ACCOUNT = Pattern.compile("\"acct\"<blob>=\"([^\"]*)\"");

  private final Path security;
  private final String fallbackAccount;
  private final Path lockFile;

  /**
   * A store using {@code security}.
   *
   * @param security the executable
   * @param fallbackAccount the account to write under when the item has none ($USER)
   * @param lockFile the lock file for write-back
   */
  public KeychainHostStore(Path security, String fallbackAccount, Path lockFile) {
    this.security = security;
    this.fallbackAccount = fallbackAccount;
    this.lockFile = lockFile;
  }

  @Override
  public String describe() {
    return "macOS Keychain item '" + CredentialLookup.KEYCHAIN_SERVICE + "'";
  }

  @Override
  public CredentialFile.Read read() {
    Processes.Result result;
    try {
      result =
          Processes.run(
              List.of(
                  security.toString(),
                  "find-generic-password",
                  "-s",
                  CredentialLookup.KEYCHAIN_SERVICE,
                  "-w"),
              30);
    } catch (IOException e) {
      return new CredentialFile.Read(
          CredentialFile.Status.UNREADABLE,
          null,
          describe() + " could not be read: " + e.getMessage());
    }
    if (result.exitCode() == ITEM_NOT_FOUND) {
      return new CredentialFile.Read(
          CredentialFile.Status.MISSING, null, describe() + " does not exist");
    }
    if (result.exitCode() != 0) {
      return new CredentialFile.Read(
          CredentialFile.Status.UNREADABLE,
          null,
          describe() + " could not be read (security exited with " + result.exitCode() + ")");
    }
    return CredentialFile.classify(result.stdout().strip(), describe());
  }

  @Override
  public void replace(String json) throws IOException {
    // -U updates the existing item in place, keeping its access control list.
    Processes.Result result =
        Processes.run(
            List.of(
                security.toString(),
                "add-generic-password",
                "-U",
                "-a",
                account(),
                "-s",
                CredentialLookup.KEYCHAIN_SERVICE,
                "-w",
                json),
            30);
    if (result.exitCode() != 0) {
      throw new IOException(
          "security add-generic-password exited with " + result.exitCode() + " for " + describe());
    }
  }

  /** The account of the existing item, else the fallback. */
  private String account() throws IOException {
    Processes.Result result =
        Processes.run(
            List.of(
                security.toString(),
                "find-generic-password",
                "-s",
                CredentialLookup.KEYCHAIN_SERVICE),
            30);
    if (result.exitCode() == 0) {
      Matcher m = ACCOUNT.matcher(result.stdout() + "\n" + result.stderr());
      if (m.find() && !m.group(1).isEmpty()) {
        return m.group(1);
      }
    }
    return fallbackAccount;
  }

  @Override
  public Path lockFile() {
    return lockFile;
  }
}
