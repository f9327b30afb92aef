package dev.scylla.core.workspace;

import dev.scylla.core.internal.FileTrees;
import dev.scylla.core.internal.Git;
import dev.scylla.core.internal.Git.GitException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task repository of an experiment: cloned once (from a URL, a local repository or a git
 * bundle) at the experiment's commit, with one detached {@code git worktree} per run.
 */
public final class TaskRepository {
  private static final Logger LOG = LoggerFactory.getLogger(TaskRepository.class);
  private static final Pattern TRANSIENT =
      Pattern.compile(
          "could not resolve host|connection (timed out|reset|refused)|early eof|rpc failed|"
              + "the remote end hung up|\\b50[234]\\b|operation timed out|tls|gnutls");
  private static final int ATTEMPTS = 3;
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{7,64}");

  private final Path clone;
  private final String commit;

  private TaskRepository(Path clone, String commit) {
    this.clone = clone;
    this.commit = commit;
  }

  /**
   * Clones {@code source} into {@code cloneDir} (or reuses a complete clone there) and resolves
   * {@code commit} ({@code null} = the default branch's head). A relative local source is resolved
   * against {@code baseDir}. Transient network failures are retried with backoff; a bad source or
   * commit fails at once with git's message.
   */
  public static TaskRepository open(String source, String commit, Path baseDir, Path cloneDir)
      throws InterruptedException {
    String resolvedSource = resolveSource(source, baseDir);
    String wanted = commit == null || commit.isBlank() ? "HEAD" : commit;
    if (Files.isDirectory(cloneDir.resolve(".git"))) {
      try {
        String sha = Git.run(cloneDir, "rev-parse", "--verify", wanted + "^{commit}").strip();
        Git.run(cloneDir, "worktree", "prune");
        return new TaskRepository(cloneDir, sha);
      } catch (GitException e) {
        LOG.info("existing clone {} unusable ({}), cloning again", cloneDir, e.getMessage());
        FileTrees.delete(cloneDir);
      }
    }
    cloneWithRetry(resolvedSource, cloneDir);
    String sha;
    try {
      sha = Git.run(cloneDir, "rev-parse", "--verify", wanted + "^{commit}").strip();
    } catch (GitException e) {
      throw new TaskRepositoryException(
          TaskRepositoryException.COMMIT,
          "commit '"
              + wanted
              + "' not found in "
              + source
              + ": "
              + e.stderr().strip()
              + " (check source.hash in test.yaml)",
          e);
    }
    return new TaskRepository(cloneDir, sha);
  }

  /**
   * Checks, before an experiment starts, that {@code source} can be cloned and holds {@code commit}
   * ({@code null} = the default branch's head), so that a mistake is reported before anything is
   * written. A local repository or bundle (relative to {@code baseDir}) is looked at directly; a
   * remote one is asked for its refs with {@code git ls-remote}, killed after {@code
   * remoteTimeout}, or not contacted at all when {@code remoteTimeout} is null (offline). A remote
   * commit given as a SHA that no ref points at cannot be seen without fetching, and passes.
   * Without a {@code git} executable nothing is checked (the clone reports the problem later).
   *
   * @throws TaskRepositoryException naming the repository or commit and what is wrong with it
   */
  public static void check(String source, String commit, Path baseDir, Duration remoteTimeout)
      throws InterruptedException {
    String resolved = resolveSource(source, baseDir);
    String wanted = commit == null || commit.isBlank() ? "HEAD" : commit.strip();
    try {
      if (isRemote(resolved)) {
        if (remoteTimeout != null) {
          checkRemote(resolved, wanted, remoteTimeout);
        }
      } else if (Files.isDirectory(Path.of(resolved))) {
        checkLocalCommit(Path.of(resolved), source, wanted);
      } else {
        checkBundle(Path.of(resolved), source, wanted);
      }
    } catch (GitException e) {
      if (e.gitMissing()) {
        LOG.info(
            "task repository {} not checked before the experiment: {}", source, e.getMessage());
        return;
      }
      throw e;
    }
  }

  private static void checkRemote(String url, String wanted, Duration timeout)
      throws InterruptedException {
    String refs;
    try {
      refs = Git.run(Path.of("").toAbsolutePath(), timeout, java.util.List.of("ls-remote", url));
    } catch (GitException e) {
      String why = e.stderr().isBlank() ? e.getMessage() : e.stderr().strip();
      throw new TaskRepositoryException(
          TaskRepositoryException.REPO,
          "task repository "
              + url
              + " cannot be reached: "
              + why.lines().reduce((a, b) -> b).orElse(why)
              + " (check the URL and the network)",
          e);
    }
    if (wanted.equals("HEAD") || HEX.matcher(wanted).matches()) {
      return; // a SHA is checked by the clone: ls-remote shows only the commits refs point at
    }
    for (String line : refs.split("\\R")) {
      String[] parts = line.split("\\s+");
      if (parts.length == 2
          && (parts[1].equals(wanted)
              || parts[1].equals("refs/heads/" + wanted)
              || parts[1].equals("refs/tags/" + wanted))) {
        return;
      }
    }
    throw new TaskRepositoryException(
        TaskRepositoryException.COMMIT,
        "commit '"
            + wanted
            + "' not found in "
            + url
            + ": no branch or tag of that name (check source.hash in test.yaml)",
        null);
  }

  private static void checkLocalCommit(Path repo, String source, String wanted)
      throws InterruptedException {
    try {
      Git.run(repo, "rev-parse", "--git-dir");
    } catch (GitException e) {
      if (e.gitMissing()) {
        throw e;
      }
      throw new TaskRepositoryException(
          TaskRepositoryException.REPO,
          "task repository " + repo + " is not a git repository (check source.repo)",
          e);
    }
    try {
      Git.run(repo, "rev-parse", "--verify", "--quiet", wanted + "^{commit}");
    } catch (GitException e) {
      if (e.gitMissing()) {
        throw e;
      }
      throw new TaskRepositoryException(
          TaskRepositoryException.COMMIT,
          "commit '" + wanted + "' not found in " + source + " (check source.hash in test.yaml)",
          e);
    }
  }

  private static void checkBundle(Path bundle, String source, String wanted)
      throws InterruptedException {
    String heads;
    try {
      heads = Git.run(bundle.getParent(), "bundle", "list-heads", bundle.toString());
    } catch (GitException e) {
      if (e.gitMissing()) {
        throw e;
      }
      throw new TaskRepositoryException(
          TaskRepositoryException.REPO,
          "task repository " + bundle + " is neither a git repository nor a git bundle",
          e);
    }
    for (String line : heads.split("\\R")) {
      String[] parts = line.split("\\s+");
      if (parts.length == 2
          && (parts[0].startsWith(wanted.toLowerCase(Locale.ROOT))
              || parts[1].equals(wanted)
              || parts[1].endsWith("/" + wanted))) {
        return;
      }
    }
    // Not a head: look for the commit in a throw-away clone (a bundle is local and small).
    Path tmp;
    try {
      tmp = Files.createTempDirectory("scylla-bundle-check-");
    } catch (IOException e) {
      throw new WorkspaceException("cannot create a temporary directory: " + e.getMessage(), e);
    }
    try {
      Git.run(tmp, "clone", "--quiet", "--bare", bundle.toString(), tmp.resolve("r").toString());
      checkLocalCommit(tmp.resolve("r"), source, wanted);
    } finally {
      FileTrees.delete(tmp);
    }
  }

  /**
   * Whether {@code source} names a remote repository (a URL, or {@code user@host:path}) rather than
   * a local folder or bundle.
   */
  public static boolean isRemote(String source) {
    return source != null
        && (source.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || source.matches("^[^/]+@[^/]+:.*"));
  }

  /**
   * The local folder or bundle {@code source} names, resolved against {@code baseDir} as {@link
   * #check} and {@link #open} resolve it; empty for a remote, missing or blank source.
   */
  public static Optional<Path> localPath(String source, Path baseDir) {
    if (source == null || source.isBlank() || isRemote(source)) {
      return Optional.empty();
    }
    Path local = local(source, baseDir);
    return Files.exists(local) ? Optional.of(local) : Optional.empty();
  }

  private static Path local(String source, Path baseDir) {
    return baseDir.resolve(source).toAbsolutePath().normalize();
  }

  private static String resolveSource(String source, Path baseDir) {
    if (source == null || source.isBlank()) {
      throw new TaskRepositoryException(
          TaskRepositoryException.REPO, "no task repository given: set source.repo", null);
    }
    if (isRemote(source)) {
      return source;
    }
    Path local = local(source, baseDir);
    if (!Files.exists(local)) {
      throw new TaskRepositoryException(
          TaskRepositoryException.REPO,
          "task repository "
              + local
              + " does not exist (source.repo is resolved against "
              + baseDir
              + ")",
          null);
    }
    return local.toString();
  }

  private static void cloneWithRetry(String source, Path cloneDir) throws InterruptedException {
    Duration backoff = Duration.ofSeconds(2);
    for (int attempt = 1; ; attempt++) {
      try {
        Files.createDirectories(cloneDir.getParent());
        Git.run(
            cloneDir.getParent(), "clone", "--quiet", "--no-checkout", source, cloneDir.toString());
        return;
      } catch (GitException e) {
        FileTrees.delete(cloneDir);
        boolean transientError = TRANSIENT.matcher(e.stderr().toLowerCase(Locale.ROOT)).find();
        if (!transientError || attempt >= ATTEMPTS) {
          throw new TaskRepositoryException(
              TaskRepositoryException.REPO,
              "cannot clone "
                  + source
                  + ": "
                  + e.stderr().strip()
                  + " (check the repository URL or path)",
              e);
        }
        LOG.warn(
            "clone of {} failed ({}), retrying in {}s",
            source,
            e.stderr().strip(),
            backoff.toSeconds());
        Thread.sleep(backoff.toMillis());
        backoff = backoff.multipliedBy(2);
      } catch (IOException e) {
        throw new WorkspaceException(
            "cannot create " + cloneDir.getParent() + ": " + e.getMessage(), e);
      }
    }
  }

  /** The commit every run starts from (full SHA). */
  public String commit() {
    return commit;
  }

  /** The clone's directory. */
  public Path directory() {
    return clone;
  }

  /**
   * Creates a fresh worktree at {@code path} on the experiment's commit, replacing whatever a
   * previous, interrupted attempt left there.
   */
  public synchronized Path addWorktree(Path path) throws InterruptedException {
    Path abs = path.toAbsolutePath().normalize();
    // A run stopped inside `git worktree add` leaves its worktree registered and locked
    // ("initializing"), with or without its folder; remove and prune keep locked ones.
    try {
      Git.run(clone, "worktree", "unlock", abs.toString());
    } catch (GitException e) {
      LOG.debug("worktree unlock {}: {}", abs, e.getMessage());
    }
    if (Files.exists(abs)) {
      try {
        Git.run(clone, "worktree", "remove", "--force", abs.toString());
      } catch (GitException e) {
        LOG.debug("worktree remove {}: {}", abs, e.getMessage());
      }
      FileTrees.delete(abs);
    }
    Git.run(clone, "worktree", "prune");
    try {
      Files.createDirectories(abs.getParent());
    } catch (IOException e) {
      throw new WorkspaceException("cannot create " + abs.getParent() + ": " + e.getMessage(), e);
    }
    // Detached: a branch per run would be left over by a crash and make the retry fail.
    Git.run(clone, "worktree", "add", "--quiet", "--detach", abs.toString(), commit);
    return abs;
  }
}
