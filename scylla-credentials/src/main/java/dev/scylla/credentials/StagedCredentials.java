package dev.scylla.credentials;

import dev.scylla.credentials.WriteBackResult.Outcome;
import dev.scylla.credentials.internal.Locks;
import dev.scylla.credentials.internal.SecureFiles;
import dev.scylla.credentials.internal.ShutdownCleanup;
import dev.scylla.credentials.internal.StagingMarker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credentials staged in a private directory for one container: the directory to mount, where and
 * how to mount it, and the environment the container needs. Made by {@link CredentialStager}.
 *
 * <p>Per-run staging is deleted by {@link #close()} (after a last write-back) and, if the JVM is
 * stopped by SIGINT or SIGTERM first, by a shutdown hook that does the same. Per-shell staging
 * lasts until {@link #delete()}.
 */
public final class StagedCredentials implements AutoCloseable {

  /** The staged credentials file, as Claude Code names it. */
  public static final String CREDENTIALS_FILE = ".credentials.json";

  /** Claude Code's onboarding and trust state. */
  public static final String CLAUDE_JSON = ".claude.json";

  /** How long the staging lives. */
  public enum Lifetime {
    /** Deleted when the run ends. */
    PER_RUN,
    /** Kept for a named shell container until the shell is removed. */
    PER_SHELL
  }

  private static final Logger LOG = LoggerFactory.getLogger(StagedCredentials.class);

  private final Path directory;
  private final Lifetime lifetime;
  private final StagingOptions options;
  private final HostCredentials host;
  private final AtomicBoolean deleted = new AtomicBoolean();

  StagedCredentials(
      Path directory, Lifetime lifetime, StagingOptions options, HostCredentials host) {
    this.directory = directory;
    this.lifetime = lifetime;
    this.options = options;
    this.host = host;
  }

  /** The staging directory on the host, to bind-mount. */
  public Path directory() {
    return directory;
  }

  /**
   * The absolute path to mount {@link #directory()} at inside the container: its config folder in
   * staged mode, the legacy mount in legacy mode ({@link StagingOptions#containerPaths()}).
   *
   * @throws IllegalStateException when the staging was given no container paths
   */
  public String mountTarget() {
    ContainerPaths paths = containerPaths();
    return options.mode() == StagingMode.LEGACY ? paths.legacyMountDir() : paths.configDir();
  }

  /** Whether to mount read-only (legacy mode). */
  public boolean readOnly() {
    return options.mode() == StagingMode.LEGACY;
  }

  /**
   * Environment variables for the container: {@code CLAUDE_CONFIG_DIR}, and for environment sources
   * the token itself ({@code CLAUDE_CODE_OAUTH_TOKEN} or {@code ANTHROPIC_API_KEY}), which is never
   * written to disk. The map's values are secrets: do not log it.
   */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CLAUDE_CONFIG_DIR", containerPaths().configDir());
    host.environmentToken().ifPresent(t -> env.put(host.source().label(), t.reveal()));
    return Map.copyOf(env);
  }

  private ContainerPaths containerPaths() {
    if (options.containerPaths() == null) {
      throw new IllegalStateException(
          "these credentials were staged without container paths: stage them with"
              + " StagingOptions.withContainerPaths to mount them into a container");
    }
    return options.containerPaths();
  }

  /** Where the credentials came from. */
  public CredentialSource source() {
    return host.source();
  }

  /** Per run or per shell. */
  public Lifetime lifetime() {
    return lifetime;
  }

  /** Staged or legacy. */
  public StagingMode mode() {
    return options.mode();
  }

  /**
   * Syncs the staged credentials with the host. Takes the newest non-blank of the staged file and
   * the guard's copy; if it expires later than the host's, replaces the host file atomically (0600)
   * or the Keychain item, under an exclusive lock, after re-reading the host inside the lock. An
   * older or blanked copy never overwrites the host. For a shell, a newer host token (a new login)
   * is copied into the staging instead. Cheap when there is nothing to do; safe to call any number
   * of times, from several threads and processes.
   *
   * @throws CredentialsException ({@link CredentialsException.Problem#IO}) when the host could not
   *     be written
   */
  public WriteBackResult writeBack() {
    if (options.mode() == StagingMode.LEGACY) {
      return new WriteBackResult(
          Outcome.NOT_APPLICABLE,
          "legacy mode mounts credentials read-only; a token refreshed in the container is not"
              + " written back");
    }
    if (host.store() == null) {
      return new WriteBackResult(
          Outcome.NOT_APPLICABLE,
          "credentials come from " + host.source().label() + " and are not written back");
    }
    if (deleted.get()) {
      return new WriteBackResult(Outcome.NOT_APPLICABLE, "staging " + directory + " was deleted");
    }
    return sync(directory, host.store(), lifetime == Lifetime.PER_SHELL, options.owner());
  }

  /**
   * The write-back of {@code stagedDir} into {@code store}; with {@code copyIn}, a newer host token
   * flows into the staging, chowned to {@code owner}.
   */
  static WriteBackResult sync(Path stagedDir, HostStore store, boolean copyIn, FileOwner owner) {
    CredentialFile.Read staged = CredentialFile.readStaged(stagedDir.resolve(CREDENTIALS_FILE));
    CredentialFile.Read kept =
        CredentialFile.readStaged(stagedDir.resolve(CredentialGuard.NEWEST_FILE));
    CredentialFile.Read best = newest(staged, kept);
    FileOwner lockOwner = store.lockOwner();
    try {
      return Locks.withExclusiveLock(
          store.lockFile(),
          lockOwner == null ? -1 : lockOwner.uid(),
          lockOwner == null ? -1 : lockOwner.gid(),
          () -> syncLocked(stagedDir, store, copyIn, owner, staged, best));
    } catch (IOException e) {
      throw new CredentialsException(
          CredentialsException.Problem.IO,
          "writing refreshed credentials back to "
              + store.describe()
              + " failed ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + "): check that its folder is writable; the staged copy stays in "
              + stagedDir,
          e);
    }
  }

  private static WriteBackResult syncLocked(
      Path stagedDir,
      HostStore store,
      boolean copyIn,
      FileOwner owner,
      CredentialFile.Read staged,
      CredentialFile.Read best)
      throws IOException {
    CredentialFile.Read hostNow = store.read();
    boolean hostComparable =
        hostNow.status() == CredentialFile.Status.VALID
            || hostNow.status() == CredentialFile.Status.BLANK;
    if (!hostComparable) {
      return new WriteBackResult(
          Outcome.HOST_UNAVAILABLE,
          store.describe()
              + " is "
              + hostNow.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
              + "; nothing written back");
    }
    long hostExpiry = hostNow.expiresAtOrMin();
    if (best.valid() && best.credentials().expiresAtMillis() > hostExpiry) {
      store.replace(best.credentials().toJson());
      if (copyIn && !staged.valid()) {
        writeStaged(stagedDir, best.credentials().toJson(), owner);
      }
      LOG.info("wrote a refreshed Claude token back to {}", store.describe());
      return new WriteBackResult(
          Outcome.UPDATED_HOST,
          store.describe()
              + " now holds the token refreshed in the container (expires "
              + best.credentials().expiresAt()
              + ")");
    }
    if (copyIn && hostNow.valid() && hostExpiry > best.expiresAtOrMin()) {
      writeStaged(stagedDir, hostNow.credentials().toJson(), owner);
      return new WriteBackResult(
          Outcome.HOST_NEWER_COPIED_IN,
          "the host's newer token from " + store.describe() + " was copied into " + stagedDir);
    }
    if (!best.valid()) {
      return staged.status() == CredentialFile.Status.BLANK
          ? new WriteBackResult(
              Outcome.SKIPPED_BLANK,
              "the staged token was blanked (a failed refresh); " + store.describe() + " kept")
          : new WriteBackResult(
              Outcome.SKIPPED_MALFORMED,
              "no valid staged credentials in " + stagedDir + "; " + store.describe() + " kept");
    }
    if (best.credentials().expiresAtMillis() == hostExpiry) {
      return new WriteBackResult(
          Outcome.UNCHANGED, store.describe() + " already holds the newest token");
    }
    return new WriteBackResult(
        Outcome.SKIPPED_OLDER,
        "the host's token in " + store.describe() + " is newer than the staged one; kept");
  }

  private static CredentialFile.Read newest(CredentialFile.Read a, CredentialFile.Read b) {
    if (!b.valid()) {
      return a;
    }
    if (!a.valid()) {
      return b;
    }
    return b.credentials().expiresAtMillis() > a.credentials().expiresAtMillis() ? b : a;
  }

  static void writeStaged(Path dir, String json, FileOwner owner) throws IOException {
    SecureFiles.writeAtomically(
        dir.resolve(CREDENTIALS_FILE),
        json,
        SecureFiles.FILE_PRIVATE,
        owner == null ? -1 : owner.uid(),
        owner == null ? -1 : owner.gid(),
        true);
  }

  /**
   * Deletes the staging directory now, whatever its lifetime (for a shell: when the shell is
   * removed). Call {@link #writeBack()} first if the token may have been refreshed.
   *
   * @throws CredentialsException when the directory could not be removed
   */
  public void delete() {
    ShutdownCleanup.unregister(this);
    if (!deleted.compareAndSet(false, true)) {
      return;
    }
    try {
      SecureFiles.deleteRecursively(directory);
      if (lifetime == Lifetime.PER_RUN) {
        Files.deleteIfExists(StagingMarker.fileFor(directory));
      }
      LOG.debug("deleted credentials staging {}", directory);
    } catch (IOException e) {
      deleted.set(false);
      throw new CredentialsException(
          CredentialsException.Problem.IO,
          "could not delete credentials staging "
              + directory
              + " ("
              + e.getMessage()
              + "): remove it by hand (a clean-up of stale stagings removes it too)",
          e);
    }
  }

  /**
   * Ends a per-run staging: a last write-back (so a token refreshed in the container is never lost,
   * even after a failure), then deletion. Failures are logged, not thrown. For a shell's staging
   * this does nothing: it lasts until {@link #delete()}.
   */
  @Override
  public void close() {
    if (lifetime == Lifetime.PER_SHELL) {
      return;
    }
    try {
      WriteBackResult result = writeBack();
      LOG.debug("write-back on close: {}", result.describe());
    } catch (CredentialsException e) {
      LOG.warn("{}", e.getMessage());
    }
    try {
      delete();
    } catch (CredentialsException e) {
      LOG.warn("{}", e.getMessage());
    }
  }

  /** The host file these credentials are written back to, for file sources. */
  public Optional<Path> hostFile() {
    return host.file();
  }

  /** Shows the directory, source and mode, never a token. */
  @Override
  public String toString() {
    return "StagedCredentials[directory="
        + directory
        + ", source="
        + host.source()
        + ", mode="
        + options.mode()
        + ", lifetime="
        + lifetime
        + "]";
  }
}
