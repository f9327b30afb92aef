package dev.scylla.core.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scylla.core.internal.Git;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TaskRepository#check}: what is found before an experiment starts. */
class TaskRepositoryCheckTest {

  @TempDir Path dir;
  private Path repo;
  private String head;

  @BeforeEach
  void repository() throws Exception {
    repo = Files.createDirectories(dir.resolve("repo"));
    Git.run(repo, "init", "--quiet", "-b", "main");
    Files.writeString(repo.resolve("README.md"), "hello\n");
    Git.run(repo, "add", "README.md");
    Git.run(repo, "commit", "--quiet", "-m", "first");
    head = Git.run(repo, "rev-parse", "HEAD").strip();
  }

  @Test
  void check_localRepositoryWithTheCommit_passes() {
    assertThatCode(() -> TaskRepository.check(repo.toString(), head, dir, null))
        .doesNotThrowAnyException();
    assertThatCode(() -> TaskRepository.check("repo", null, dir, null)).doesNotThrowAnyException();
  }

  @Test
  void localPath_isTheFolderCheckUses_andNothingForARemoteOrMissingOne() {
    assertThat(TaskRepository.localPath("repo", dir)).contains(repo.toAbsolutePath().normalize());
    assertThat(TaskRepository.localPath(repo.toString(), dir.resolve("elsewhere")))
        .contains(repo.toAbsolutePath().normalize());
    assertThat(TaskRepository.localPath("absent", dir)).isEmpty();
    assertThat(TaskRepository.localPath("https://example.org/r.git", dir)).isEmpty();
    assertThat(TaskRepository.localPath("git@example.org:team/r.git", dir)).isEmpty();
    assertThat(TaskRepository.localPath(null, dir)).isEmpty();
    assertThat(TaskRepository.isRemote("HTTPS://example.org/r.git")).isTrue();
    assertThat(TaskRepository.isRemote("repo")).isFalse();
  }

  @Test
  void check_missingLocalRepository_namesIt() {
    assertThatThrownBy(() -> TaskRepository.check("absent", null, dir, null))
        .isInstanceOf(TaskRepositoryException.class)
        .hasMessageContaining(dir.resolve("absent").toString())
        .hasMessageContaining("does not exist")
        .extracting(e -> ((TaskRepositoryException) e).setting().orElseThrow())
        .isEqualTo(TaskRepositoryException.REPO);
  }

  @Test
  void check_commitNotInTheRepository_namesTheCommit() {
    String missing = "0123456789abcdef0123456789abcdef01234567";
    assertThatThrownBy(() -> TaskRepository.check(repo.toString(), missing, dir, null))
        .isInstanceOf(TaskRepositoryException.class)
        .hasMessageContaining(missing)
        .hasMessageContaining("not found")
        .hasMessageNotContaining("--")
        .extracting(e -> ((TaskRepositoryException) e).setting().orElseThrow())
        .isEqualTo(TaskRepositoryException.COMMIT);
  }

  @Test
  void check_folderThatIsNoRepository_saysSo() throws IOException {
    Path plain = Files.createDirectories(dir.resolve("plain"));
    assertThatThrownBy(() -> TaskRepository.check(plain.toString(), null, dir, null))
        .isInstanceOf(TaskRepositoryException.class)
        .hasMessageContaining("not a git repository");
  }

  @Test
  void check_bundle_findsAHeadAndACommitBehindIt() throws Exception {
    Files.writeString(repo.resolve("README.md"), "hello again\n");
    Git.run(repo, "commit", "--quiet", "-am", "second");
    Path bundle = dir.resolve("repo.bundle");
    Git.run(repo, "bundle", "create", "--quiet", bundle.toString(), "--all");

    assertThatCode(() -> TaskRepository.check(bundle.toString(), head, dir, null))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> TaskRepository.check(bundle.toString(), "f".repeat(40), dir, null))
        .isInstanceOf(TaskRepositoryException.class)
        .hasMessageContaining("not found");
  }

  @Test
  void check_remoteOffline_isNotContacted() {
    assertThatCode(
            () -> TaskRepository.check("https://scylla.invalid/nothing.git", null, dir, null))
        .doesNotThrowAnyException();
  }

  @Test
  void check_remoteRefusingConnections_isUnreachable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/repo.git";

    assertThatThrownBy(() -> TaskRepository.check(url, null, dir, Duration.ofSeconds(20)))
        .isInstanceOf(TaskRepositoryException.class)
        .hasMessageContaining(url)
        .hasMessageContaining("cannot be reached");
  }

  @Test
  void check_remoteThatNeverAnswers_failsAfterTheTimeout() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String url = "http://127.0.0.1:" + socket.getLocalPort() + "/repo.git";
      Thread acceptor =
          new Thread(
              () -> {
                try (Socket silent = socket.accept()) {
                  Thread.sleep(30_000);
                } catch (IOException | InterruptedException e) {
                  // closed by the test
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      long start = System.nanoTime();

      assertThatThrownBy(() -> TaskRepository.check(url, null, dir, Duration.ofSeconds(2)))
          .isInstanceOf(TaskRepositoryException.class)
          .hasMessageContaining("timed out");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
      acceptor.interrupt();
    }
  }

  @Test
  void check_remoteBranchThatDoesNotExist_isNotFound() throws Exception {
    String url = "file://" + repo;
    assertThatCode(() -> TaskRepository.check(url, "main", dir, Duration.ofSeconds(20)))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () -> TaskRepository.check(url, "no-such-branch", dir, Duration.ofSeconds(20)))
        .isInstanceOf(TaskRepositoryException.class)
        .hasMessageContaining("no-such-branch");
  }
}
