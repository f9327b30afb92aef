package dev.scylla.cli;

import dev.scylla.api.RunnerLogin;
import dev.scylla.credentials.CredentialLookup;
import dev.scylla.credentials.StagingMode;

/** The Claude login the credential options choose. */
final class Credentials {

  private Credentials() {}

  /** The lookup the options describe: an explicit file, else the host's usual places. */
  static CredentialLookup lookup(CredentialOptions options) {
    return CredentialLookup.fromSystem(options == null ? null : options.file);
  }

  /** The login the options describe, staged as {@code --credentials-mode} says. */
  static RunnerLogin login(CredentialOptions options) {
    return new RunnerLogin(
        lookup(options),
        options != null && options.mode == CredentialOptions.Mode.legacy
            ? StagingMode.LEGACY
            : StagingMode.STAGED);
  }
}
