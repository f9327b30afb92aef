package dev.scylla.credentials;

import java.io.IOException;
import java.nio.file.Path;

/** Where the host keeps its credentials: a file or the macOS Keychain. */
interface HostStore {

  /** A description for messages: a path or the Keychain item; never a secret. */
  String describe();

  /** Reads the current host credentials, leniently. */
  CredentialFile.Read read();

  /** Replaces the host credentials with {@code json} (atomically for files). */
  void replace(String json) throws IOException;

  /** The file to lock while comparing and replacing. */
  Path lockFile();

  /** The owner to give the lock file when this process creates it, or {@code null}. */
  default FileOwner lockOwner() {
    return null;
  }

  /** The host file, for file stores. */
  default Path file() {
    return null;
  }
}
