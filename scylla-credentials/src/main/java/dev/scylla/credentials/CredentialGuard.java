package dev.scylla.credentials;

import dev.scylla.credentials.internal.Locks;
import dev.scylla.credentials.internal.Processes;
import dev.scylla.credentials.internal.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the newest non-blank credentials seen in a Claude config directory, beside the live file,
 * so a later blanking by a process that lost a refresh race loses nothing. Run it after every agent
 * call; it reads two small files and writes only when something changed.
 */
public final class CredentialGuard {

  /** The guard's copy of the newest non-blank credentials, mode 0600. */
  public static final String NEWEST_FILE = ".credentials.newest.json";

  /** The lock file serialising guards and write-backs on one directory. */
  public static final String LOCK_FILE = ".scylla-guard.lock";

  /** What one guard call did. */
  public enum Outcome {
    /** The live file was newer than the kept copy: it is now the kept copy. */
    RECORDED_NEWER,
    /** The live file was blanked: the kept copy was put back, so later calls stay logged in. */
    RESTORED_BLANKED,
    /** The kept copy is already the newest. */
    UNCHANGED,
    /** Neither file holds valid credentials (for instance an environment-token login). */
    NOTHING_TO_KEEP,
    /** The directory could not be read or written; details are logged. */
    FAILED
  }

  private static final Logger LOG = LoggerFactory.getLogger(CredentialGuard.class);

  private CredentialGuard() {}

  /**
   * Guards the Claude config directory that {@code CLAUDE_CONFIG_DIR} in {@code env} names, when it
   * names an existing one (the staged credentials in a runner container); nothing otherwise. A
   * failure is logged as a warning, never thrown: it must not end the agent call it follows.
   */
  public static void guardConfigDirOf(java.util.Map<String, String> env) {
    String configDir = env.get("CLAUDE_CONFIG_DIR");
    if (configDir == null || !Files.isDirectory(Path.of(configDir))) {
      return;
    }
    try {
      guard(Path.of(configDir));
    } catch (RuntimeException e) {
      LOG.warn("credentials guard: {}", e.getMessage());
    }
  }

  /**
   * Guards {@code configDir} (inside the container: {@code $CLAUDE_CONFIG_DIR}). Safe to call
   * concurrently from several threads and processes: they take turns on a lock file. Never throws
   * for I/O problems, which would end an experiment over a side task; it logs them and returns
   * {@link Outcome#FAILED}.
   */
  public static Outcome guard(Path configDir) {
    Path live = configDir.resolve(StagedCredentials.CREDENTIALS_FILE);
    Path kept = configDir.resolve(NEWEST_FILE);
    if (!Files.isDirectory(configDir)) {
      return Outcome.NOTHING_TO_KEEP;
    }
    try {
      // Files the guard writes keep the directory's owner (matters only when root runs it).
      int uid = Processes.isRoot() ? SecureFiles.uidOf(configDir) : -1;
      int gid = Processes.isRoot() ? SecureFiles.gidOf(configDir) : -1;
      return Locks.withExclusiveLock(
          configDir.resolve(LOCK_FILE),
          uid,
          gid,
          () -> {
            CredentialFile.Read now = CredentialFile.readStaged(live);
            CredentialFile.Read newest = CredentialFile.readStaged(kept);
            if (now.valid() && now.credentials().expiresAtMillis() > newest.expiresAtOrMin()) {
              SecureFiles.writeAtomically(
                  kept, now.credentials().toJson(), SecureFiles.FILE_PRIVATE, uid, gid, true);
              return Outcome.RECORDED_NEWER;
            }
            if (now.status() == CredentialFile.Status.BLANK && newest.valid()) {
              // A failed refresh blanked the live file; the kept token is the winner's, still good.
              SecureFiles.writeAtomically(
                  live, newest.credentials().toJson(), SecureFiles.FILE_PRIVATE, uid, gid, true);
              LOG.info(
                  "restored blanked Claude credentials in {} from the guard's copy", configDir);
              return Outcome.RESTORED_BLANKED;
            }
            return newest.valid() ? Outcome.UNCHANGED : Outcome.NOTHING_TO_KEEP;
          });
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "credentials guard on {} failed: {}: {}",
          configDir,
          e.getClass().getSimpleName(),
          e.getMessage());
      return Outcome.FAILED;
    }
  }
}
