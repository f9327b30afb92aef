package dev.scylla.core.internal;

import dev.scylla.core.ErrorKind;
import dev.scylla.core.ScyllaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Runs the {@code git} executable and returns its output, or throws with git's own message. */
public final class Git {
  private static final long TIMEOUT_MINUTES = 10;
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

  private Git() {}

  /** A git command that exited non-zero; the message carries git's stderr. */
  public static final class GitException extends ScyllaException {
    private static final long serialVersionUID = 1L;
    private final String stderr;

    GitException(String message, String stderr) {
      super(ErrorKind.INFRASTRUCTURE, message, null);
      this.stderr = stderr;
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
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
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
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    pb.environment().put("LC_ALL", "C");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new GitException(
          "cannot run git: " + e.getMessage() + " (install git and put it on the PATH)", "");
    }
    try {
      p.getOutputStream().close();
      // Read both streams concurrently so neither pipe fills up.
      var err = new java.util.concurrent.CompletableFuture<String>();
      Thread t =
          new Thread(
              () -> {
                try {
                  err.complete(
                      new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                  err.complete("");
                }
              },
              "git-stderr");
      t.setDaemon(true);
      t.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new GitException("git " + String.join(" ", args) + " timed out", "");
      }
      t.join();
      String stderr = err.getNow("");
      if (p.exitValue() != 0) {
        throw new GitException(
            "git "
                + String.join(" ", args)
                + " failed (exit "
                + p.exitValue()
                + "): "
                + stderr.strip(),
            stderr);
      }
      return out;
    } catch (IOException e) {
      throw new GitException("git " + String.join(" ", args) + ": " + e.getMessage(), "");
    } catch (InterruptedException e) {
      p.destroyForcibly();
      throw e;
    }
  }
}
