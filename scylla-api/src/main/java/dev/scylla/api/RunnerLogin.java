package dev.scylla.api;

import dev.scylla.credentials.CredentialLookup;
import dev.scylla.credentials.CredentialStager;
import dev.scylla.credentials.CredentialsException;
import dev.scylla.credentials.HostCredentials;
import dev.scylla.credentials.StagedCredentials;
import dev.scylla.credentials.StagingMode;
import dev.scylla.credentials.StagingOptions;
import dev.scylla.credentials.StagingSweeper;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's Claude login as a runner container gets it: where to find it, and how it is staged (a
 * private copy mounted read-write as the container's Claude config directory, owned by the
 * container's user; a token refreshed inside comes back to the host).
 *
 * @param lookup where the login is looked for
 * @param mode how it is staged
 */
public record RunnerLogin(CredentialLookup lookup, StagingMode mode) {

  private static final Logger log = LoggerFactory.getLogger(RunnerLogin.class);

  /** Validates the login. */
  public RunnerLogin {
    Objects.requireNonNull(lookup, "lookup");
    Objects.requireNonNull(mode, "mode");
  }

  /**
   * The host's usual places ({@code ~/.claude/.credentials.json}, the Keychain, the env), staged.
   */
  public static RunnerLogin fromSystem() {
    return new RunnerLogin(CredentialLookup.fromSystem(null), StagingMode.STAGED);
  }

  /** The login in {@code credentialsFile}, staged. */
  public static RunnerLogin fromFile(Path credentialsFile) {
    return new RunnerLogin(CredentialLookup.fromSystem(credentialsFile), StagingMode.STAGED);
  }

  /** This login, staged in another mode. */
  public RunnerLogin withMode(StagingMode newMode) {
    return new RunnerLogin(lookup, newMode);
  }

  /** The stager of this login's places. */
  CredentialStager stager() {
    return CredentialStager.forLookup(lookup);
  }

  /**
   * The host's login, found before anything is built or started; warnings (e.g. a file others can
   * read) go to {@code listener}.
   *
   * @param optional whether nothing needs it (the scripted agent): then a missing login is none
   * @throws CredentialsException when it is needed and missing, or unusable
   */
  Optional<HostCredentials> find(boolean optional, RunListener listener) {
    try {
      HostCredentials host = HostCredentials.find(lookup);
      host.warnings().forEach(listener::warning);
      return Optional.of(host);
    } catch (CredentialsException e) {
      if (optional) {
        log.info("no Claude login staged ({}); nothing in this run needs one", e.getMessage());
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Stages {@code host} for one run container: stale stagings of stopped processes are removed
   * first. Close the result to write a refreshed token back and delete the staging.
   */
  StagedCredentials stageForRun(HostCredentials host, List<Path> trusted, RunListener listener) {
    CredentialStager stager = stager();
    StagingSweeper.Report report = stager.sweeper().sweep(Set.of());
    if (!report.removed().isEmpty()) {
      listener.notice(
          "Removed credentials staging left by stopped Scylla processes: "
              + report.removed().size());
    }
    StagedCredentials staged = stager.stageForRun(host, stagingOptions(trusted));
    listener.notice("Credentials: " + host.describe());
    return staged;
  }

  /**
   * How to stage for a runner container, which runs as the host user: in this login's mode, owned
   * by this process's user, with {@code trusted} folders trusted by Claude Code.
   */
  StagingOptions stagingOptions(List<Path> trusted) {
    return StagingOptions.defaults()
        .withMode(mode)
        .withTrustedWorkspaces(trusted)
        .withContainerPaths(ScyllaImage.credentialPaths());
  }
}
