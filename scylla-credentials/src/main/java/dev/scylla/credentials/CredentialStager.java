package dev.scylla.credentials;

import dev.scylla.credentials.StagedCredentials.Lifetime;
import dev.scylla.credentials.internal.ClaudeJsonSeed;
import dev.scylla.credentials.internal.SecureFiles;
import dev.scylla.credentials.internal.ShutdownCleanup;
import dev.scylla.credentials.internal.StagingMarker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stages host credentials in a private directory for a container: per run (under the system temp
 * directory, deleted when the run ends) or per shell (under the state directory, kept until the
 * shell is removed). Knows nothing of containers: it returns a directory, a mount target and an
 * environment as plain values.
 */
public final class CredentialStager {

  private static final Logger LOG = LoggerFactory.getLogger(CredentialStager.class);

  /** Docker's container name rule, which shell names follow. */
  private static final Pattern SHELL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  private final Path tempRoot;
  private final Path stateDir;

  private CredentialStager(Path tempRoot, Path stateDir) {
    this.tempRoot = Objects.requireNonNull(tempRoot, "tempRoot").toAbsolutePath().normalize();
    this.stateDir = Objects.requireNonNull(stateDir, "stateDir").toAbsolutePath().normalize();
  }

  /**
   * A stager using {@code java.io.tmpdir} for per-run staging and {@code lookup}'s state directory
   * ({@code $XDG_STATE_HOME/scylla} or {@code ~/.local/state/scylla}) for shells.
   */
  public static CredentialStager forLookup(CredentialLookup lookup) {
    return new CredentialStager(Path.of(System.getProperty("java.io.tmpdir")), lookup.stateDir());
  }

  /** A stager with explicit roots (tests, embedders). */
  public static CredentialStager of(Path tempRoot, Path stateDir) {
    return new CredentialStager(tempRoot, stateDir);
  }

  /** Where per-run staging directories are created. */
  public Path tempRoot() {
    return tempRoot;
  }

  /** Scylla's state directory; shells' staging lives in its {@code shells} folder. */
  public Path stateDir() {
    return stateDir;
  }

  /** The staging directory of shell {@code name} (whether or not it exists). */
  public Path shellDirectory(String name) {
    if (name == null || !SHELL_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "shell name must match " + SHELL_NAME.pattern() + ", got '" + name + "'");
    }
    return stateDir.resolve("shells").resolve(name);
  }

  /** A sweeper over this stager's roots. */
  public StagingSweeper sweeper() {
    return StagingSweeper.of(tempRoot, stateDir);
  }

  /**
   * Stages {@code host} for one run in a new directory with a random name under the temp root,
   * holding {@code .credentials.json} (file and Keychain sources), a seeded {@code .claude.json}
   * and a PID file. Close the result to write back and delete it; a SIGINT or SIGTERM of this JVM
   * does the same through a shutdown hook.
   *
   * @throws CredentialsException ({@link CredentialsException.Problem#IO}) when the directory
   *     cannot be created, written or chowned
   */
  public StagedCredentials stageForRun(HostCredentials host, StagingOptions options) {
    Path dir = null;
    StagedCredentials staged = null;
    try {
      Files.createDirectories(tempRoot);
      dir = tempRoot.resolve(StagingMarker.DIR_PREFIX + SecureFiles.randomSuffix());
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(SecureFiles.DIR_PRIVATE));
      staged = new StagedCredentials(dir, Lifetime.PER_RUN, options, host);
      // Registered before anything secret is written, so even a failure below is cleaned up.
      ShutdownCleanup.register(staged, staged::close);
      Path hostFile = host.file().orElse(null);
      SecureFiles.writeAtomically(
          StagingMarker.fileFor(dir),
          StagingMarker.forCurrentProcess(host.source().name(), hostFile).format(),
          SecureFiles.FILE_SHARED,
          -1,
          -1,
          false);
      populate(dir, host, options, null);
      warnLegacy(options);
      LOG.debug("staged {} credentials in {}", host.source(), dir);
      return staged;
    } catch (IOException | RuntimeException e) {
      if (staged != null) {
        ShutdownCleanup.unregister(staged);
      }
      if (dir != null) {
        try {
          SecureFiles.deleteRecursively(dir);
          Files.deleteIfExists(StagingMarker.fileFor(dir));
        } catch (IOException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
      throw failure("staging credentials in " + tempRoot, e);
    }
  }

  /**
   * Stages {@code host} for shell {@code name} in {@code <state dir>/shells/NAME}, or re-enters an
   * existing staging: permissions and owner are re-applied, the seed merged into the existing
   * {@code .claude.json}, and the credentials synced with the host ({@link
   * StagedCredentials#writeBack()}: a token refreshed in the shell goes to the host, a newer host
   * login comes in). The staging lasts until {@link StagedCredentials#delete()}.
   */
  public StagedCredentials stageForShell(
      HostCredentials host, String name, StagingOptions options) {
    Path dir = shellDirectory(name);
    try {
      Path shells = dir.getParent();
      if (!Files.isDirectory(shells)) {
        Files.createDirectories(
            shells, PosixFilePermissions.asFileAttribute(SecureFiles.DIR_PRIVATE));
        Files.setPosixFilePermissions(shells, SecureFiles.DIR_PRIVATE);
      }
      boolean existed = Files.isDirectory(dir);
      if (!existed) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(SecureFiles.DIR_PRIVATE));
      }
      StagedCredentials staged = new StagedCredentials(dir, Lifetime.PER_SHELL, options, host);
      String existingSeed = null;
      Path claudeJson = dir.resolve(StagedCredentials.CLAUDE_JSON);
      if (existed && Files.isRegularFile(claudeJson, LinkOption.NOFOLLOW_LINKS)) {
        existingSeed = Files.readString(claudeJson, StandardCharsets.UTF_8);
      }
      // Legacy staging is read-only inside, so the host copy is always the newest one.
      boolean writeCredentials =
          !existed
              || options.mode() == StagingMode.LEGACY
              || !Files.exists(dir.resolve(StagedCredentials.CREDENTIALS_FILE));
      populate(dir, host, options, existingSeed, writeCredentials);
      warnLegacy(options);
      if (existed && options.mode() == StagingMode.STAGED) {
        WriteBackResult sync = staged.writeBack();
        LOG.info("shell {} credentials: {}", name, sync.describe());
      }
      return staged;
    } catch (IOException e) {
      throw failure("staging credentials for shell " + name + " in " + dir, e);
    }
  }

  /**
   * Deletes shell {@code name}'s staging, if any; returns whether there was one. Write back first
   * (through {@link #stageForShell}) if the shell may hold a refreshed token.
   */
  public boolean removeShell(String name) {
    Path dir = shellDirectory(name);
    if (!Files.exists(dir)) {
      return false;
    }
    try {
      SecureFiles.deleteRecursively(dir);
      return true;
    } catch (IOException e) {
      throw failure("removing the staging of shell " + name + " in " + dir, e);
    }
  }

  private void populate(Path dir, HostCredentials host, StagingOptions options, String existingSeed)
      throws IOException {
    populate(dir, host, options, existingSeed, true);
  }

  private void populate(
      Path dir,
      HostCredentials host,
      StagingOptions options,
      String existingSeed,
      boolean writeCredentials)
      throws IOException {
    boolean legacy = options.mode() == StagingMode.LEGACY;
    Set<PosixFilePermission> filePerms =
        legacy ? SecureFiles.FILE_SHARED : SecureFiles.FILE_PRIVATE;
    Set<PosixFilePermission> dirPerms = legacy ? SecureFiles.DIR_SHARED : SecureFiles.DIR_PRIVATE;
    int uid = options.owner() == null ? -1 : options.owner().uid();
    int gid = options.owner() == null ? -1 : options.owner().gid();
    if (writeCredentials && host.credentials().isPresent()) {
      SecureFiles.writeAtomically(
          dir.resolve(StagedCredentials.CREDENTIALS_FILE),
          host.credentials().get().toJson(),
          filePerms,
          uid,
          gid,
          false);
    }
    SecureFiles.writeAtomically(
        dir.resolve(StagedCredentials.CLAUDE_JSON),
        ClaudeJsonSeed.merge(existingSeed, options.trustedWorkspaces()),
        filePerms,
        uid,
        gid,
        false);
    if (!legacy) {
      // Created here with the container user as owner, so the guard inside can lock it.
      SecureFiles.ensureFile(
          dir.resolve(CredentialGuard.LOCK_FILE), SecureFiles.FILE_PRIVATE, uid, gid);
      for (String name :
          new String[] {StagedCredentials.CREDENTIALS_FILE, CredentialGuard.NEWEST_FILE}) {
        Path f = dir.resolve(name);
        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          SecureFiles.setModeNoFollow(f, filePerms);
          SecureFiles.chown(f, uid, gid);
        }
      }
    }
    SecureFiles.setModeNoFollow(dir, dirPerms);
    SecureFiles.chown(dir, uid, gid);
  }

  private static void warnLegacy(StagingOptions options) {
    if (options.mode() == StagingMode.LEGACY) {
      LOG.warn(
          "legacy credentials mode: the login is copied read-only into the container, so a token"
              + " Claude Code refreshes there is not written back; the host login may need"
              + " /login again afterwards");
    }
  }

  private static CredentialsException failure(String what, Exception e) {
    if (e instanceof CredentialsException ce) {
      return ce;
    }
    String fix =
        e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null
            ? fse.getReason()
            : e.getMessage();
    return new CredentialsException(
        CredentialsException.Problem.IO,
        what
            + " failed ("
            + e.getClass().getSimpleName()
            + ": "
            + fix
            + "): check that the folder is writable"
            + " (and that Scylla runs as root when staged files must be given to another user)",
        e);
  }
}
