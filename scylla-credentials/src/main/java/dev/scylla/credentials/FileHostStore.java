package dev.scylla.credentials;

import dev.scylla.credentials.internal.Processes;
import dev.scylla.credentials.internal.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A credentials file on the host. */
final class FileHostStore implements HostStore {

  private static final Logger LOG = LoggerFactory.getLogger(FileHostStore.class);

  private final Path file;

  /** A store for {@code file}. */
  public FileHostStore(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  /**
   * The file actually written: a symbolic link (a dotfiles manager's) is kept, its target replaced.
   */
  private Path target() throws IOException {
    return Files.isSymbolicLink(file) ? file.toRealPath() : file;
  }

  @Override
  public String describe() {
    return file.toString();
  }

  @Override
  public Path file() {
    return file;
  }

  @Override
  public CredentialFile.Read read() {
    return CredentialFile.read(file);
  }

  @Override
  public void replace(String json) throws IOException {
    Path target = target();
    int uid = -1;
    int gid = -1;
    if (Processes.isRoot() && Files.exists(target)) {
      // Root writing another user's file (sudo without -H) must give the file back to that user.
      uid = SecureFiles.uidOf(target);
      gid = SecureFiles.gidOf(target);
    }
    SecureFiles.writeAtomically(target, json, SecureFiles.FILE_PRIVATE, uid, gid, true);
    LOG.debug("replaced host credentials {}", target);
  }

  @Override
  public Path lockFile() {
    try {
      Path target = target();
      return target.resolveSibling(target.getFileName() + ".scylla.lock");
    } catch (IOException e) {
      return file.resolveSibling(file.getFileName() + ".scylla.lock");
    }
  }

  @Override
  public FileOwner lockOwner() {
    try {
      if (Processes.isRoot() && Files.exists(file)) {
        // A lock file root creates beside another user's file must stay usable by that user.
        Path target = target();
        return new FileOwner(SecureFiles.uidOf(target), SecureFiles.gidOf(target));
      }
    } catch (IOException e) {
      LOG.debug("could not read the owner of {}", file, e);
    }
    return null;
  }
}
