package dev.scylla.cli;

import dev.scylla.credentials.CredentialLookup;
import dev.scylla.credentials.CredentialStager;
import dev.scylla.credentials.CredentialsException;
import dev.scylla.credentials.FileOwner;
import dev.scylla.credentials.HostCredentials;
import dev.scylla.credentials.StagedCredentials;
import dev.scylla.credentials.StagingMode;
import dev.scylla.credentials.StagingOptions;
import dev.scylla.credentials.StagingSweeper;
import dev.scylla.credentials.WriteBackResult;
import dev.scylla.docker.Mount;
import dev.scylla.docker.UserIds;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Finds the host's Claude login and stages it for a container. */
final class Credentials {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Credentials.class);

  /** Tells the entrypoint to copy the read-only legacy mount into the config directory. */
  static final String MODE_ENV = "SCYLLA_CREDENTIALS_MODE";

  private Credentials() {}

  /**
   * Staged credentials for one container, or none (the scripted agent needs no login). Closing it
   * writes a refreshed token back and deletes the staging.
   */
  static final class Staging implements AutoCloseable {
    private final StagedCredentials staged;

    Staging(StagedCredentials staged) {
      this.staged = staged;
    }

    /** The mount of the staged directory, if anything was staged. */
    Optional<Mount> mount() {
      return Optional.ofNullable(staged)
          .map(s -> new Mount(s.directory(), s.mountTarget(), s.readOnly()));
    }

    /** The container's environment for these credentials. Values are secrets. */
    Map<String, String> environment() {
      if (staged == null) {
        return Map.of();
      }
      Map<String, String> env = new LinkedHashMap<>(staged.environment());
      if (staged.mode() == StagingMode.LEGACY) {
        env.put(MODE_ENV, "legacy");
      }
      return env;
    }

    /** Writes a refreshed token back to the host, if anything was staged. */
    Optional<WriteBackResult> writeBack() {
      return Optional.ofNullable(staged).map(StagedCredentials::writeBack);
    }

    @Override
    public void close() {
      if (staged != null) {
        staged.close();
      }
    }
  }

  /** The lookup the options describe: an explicit file, else the host's usual places. */
  static CredentialLookup lookup(CredentialOptions options) {
    return CredentialLookup.fromSystem(options == null ? null : options.file);
  }

  /**
   * The host's Claude login, found before anything is built or started.
   *
   * @throws CredentialsException when there is none (unless the scripted agent runs: it needs none)
   *     or it is unusable
   */
  static Optional<HostCredentials> find(
      Console console, CredentialOptions options, boolean scripted) {
    try {
      HostCredentials host = HostCredentials.find(lookup(options));
      host.warnings().forEach(console::warn);
      return Optional.of(host);
    } catch (CredentialsException e) {
      if (scripted) {
        // Nothing to tell the user: nothing in this run needs a login (`scylla doctor` reports it).
        log.info("no Claude login staged ({}); the scripted agent needs none", e.getMessage());
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Stages {@code host} for one run; an empty staging when there is no login. */
  static Staging stageForRun(
      Console console,
      CredentialOptions options,
      Optional<HostCredentials> host,
      UserIds containerUser,
      List<Path> trusted) {
    if (host.isEmpty()) {
      return new Staging(null);
    }
    CredentialStager stager = CredentialStager.forLookup(lookup(options));
    sweep(stager.sweeper(), console);
    StagedCredentials staged =
        stager.stageForRun(host.get(), stagingOptions(options, containerUser, trusted));
    console.note("Credentials: " + host.get().describe());
    return new Staging(staged);
  }

  static StagingOptions stagingOptions(
      CredentialOptions options, UserIds containerUser, List<Path> trusted) {
    StagingOptions staging =
        StagingOptions.defaults()
            .withMode(
                options != null && options.mode == CredentialOptions.Mode.legacy
                    ? StagingMode.LEGACY
                    : StagingMode.STAGED)
            .withTrustedWorkspaces(trusted);
    if (UserIds.current().uid() != containerUser.uid()) {
      staging = staging.withOwner(new FileOwner(containerUser.uid(), containerUser.gid()));
    }
    return staging;
  }

  private static void sweep(StagingSweeper sweeper, Console console) {
    StagingSweeper.Report report = sweeper.sweep(Set.of());
    if (!report.removed().isEmpty()) {
      console.note(
          "Removed credentials staging left by stopped Scylla processes: "
              + report.removed().size());
    }
  }
}
