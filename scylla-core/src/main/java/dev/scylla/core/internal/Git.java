package dev.scylla.core.internal;

import dev.scylla.core.ErrorKind;
import dev.scylla.core.ScyllaException;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@code git} executable and returns its output, or throws with git's own message. A git
 * that does not end within its timeout (a clone stuck on the network) is killed with every process
 * it started.
 */
public final class Git {
  private static final Logger LOG = LoggerFactory.getLogger(Git.class);
  private static final long TIMEOUT_MINUTES = 10;
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

  private Git() {}

  /** A git command that exited non-zero; the message carries git's stderr. */
  public static final class GitException extends ScyllaException {
    private static final long serialVersionUID = 1L;
    private static final String NO_GIT = "cannot run git";
    private final String stderr;

    GitException(String message, String stderr) {
      super(ErrorKind.INFRASTRUCTURE, message, null);
      this.stderr = stderr;
    }

    /** Whether git itself could not be started (not installed, not on the PATH). */
    public boolean gitMissing() {
      return getMessage().startsWith(NO_GIT);
    }

    /** What git printed on stderr. */
    public String stderr() {
      return stderr;
    }
  }

  /**
   * The commit checked out in {@code worktree}: read from the worktree's detached {@code HEAD}
   * file, which saves a {@code git rev-parse} process per run; {@code rev-parse} when HEAD is a
   * branch or the layout is not the one {@code git worktree add} makes.
   */
  public static String head(Path worktree) throws InterruptedException {
    try {
      Path dotGit = worktree.resolve(".git");
      Path gitDir = dotGit;
      if (Files.isRegularFile(dotGit)) {
        String pointer = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
        if (pointer.startsWith("gitdir:")) {
          gitDir = worktree.resolve(pointer.substring("gitdir:".length()).strip());
        }
      }
      Path headFile = gitDir.resolve("HEAD");
      if (Files.isRegularFile(headFile)) {
        String head = Files.readString(headFile, StandardCharsets.UTF_8).strip();
        if (SHA.matcher(head).matches()) {
          return head;
        }
      }
    } catch (IOException e) {
      // Fall through to git itself, which says what is wrong.
    }
    return run(worktree, "rev-parse", "HEAD").strip();
  }

  /** Runs {@code git args...} in {@code dir} and returns stdout. */
  public static String run(Path dir, String... args) throws InterruptedException {
    return run(dir, List.of(args));
  }

  /** Runs {@code git args...} in {@code dir} and returns stdout. */
  public static String run(Path dir, List<String> args) throws InterruptedException {
    return run("git", dir, args, Duration.ofMinutes(TIMEOUT_MINUTES));
  }

  /** Runs {@code git args...} in {@code dir}, killed after {@code timeout}; returns stdout. */
  public static String run(Path dir, Duration timeout, List<String> args)
      throws InterruptedException {
    return run("git", dir, args, timeout);
  }

  /** Runs {@code executable args...} in {@code dir} with a timeout (tests: a fake git). */
  static String run(String executable, Path dir, List<String> args, Duration timeout)
      throws InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(executable);
    // No user config, hooks or prompts may change what an experiment sees.
    cmd.add("-c");
    cmd.add("core.hooksPath=/dev/null");
    cmd.add("-c");
    cmd.add("user.name=Scylla");
    cmd.add("-c");
    cmd.add("user.email=scylla@localhost");
    cmd.add("-c");
    cmd.add("commit.gpgsign=false");
    cmd.addAll(args);
    String what = "git " + String.join(" ", args);
    Path out = null;
    Path err = null;
    try {
      // Files, not pipes: a child that keeps a pipe open (a stuck transport under a clone) must
      // not block the reader past the timeout.
      out = Files.createTempFile("scylla-git", ".out");
      err = Files.createTempFile("scylla-git", ".err");
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      pb.environment().put("GIT_TERMINAL_PROMPT", "0");
      pb.environment().put("LC_ALL", "C");
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        throw new GitException(
            GitException.NO_GIT + ": " + e.getMessage() + " (install git and put it on the PATH)",
            "");
      }
      boolean finished;
      try {
        finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        ProcessTrees.kill(p);
        throw e;
      }
      if (!finished) {
        ProcessTrees.kill(p);
        String stderr = read(err);
        throw new GitException(
            what + " timed out after " + timeout.toSeconds() + " s: " + stderr.strip(), stderr);
      }
      String stderr = read(err);
      if (p.exitValue() != 0) {
        throw new GitException(
            what + " failed (exit " + p.exitValue() + "): " + stderr.strip(), stderr);
      }
      return read(out);
    } catch (IOException e) {
      throw new GitException(what + ": " + e.getMessage(), "");
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /** Reads through a stream: a channel would fail on a thread with a pending interrupt. */
  private static String read(Path file) throws IOException {
    try (InputStream in = new FileInputStream(file.toFile())) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("could not remove temporary file {}: {}", file, e.getMessage());
    }
  }
}
