package dev.scylla.docker.internal;

import static dev.scylla.docker.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

// The tests start threads and a process that could wait on a lock forever.
@Timeout(120)
class ImageBuildLockTest {

  @TempDir Path dir;

  /** Child process: takes the lock, says so, holds it until stdin closes. */
  public static void main(String[] args) throws Exception {
    try (ImageBuildLock lock = ImageBuildLock.acquire(Path.of(args[0]), message -> {})) {
      System.out.println("locked");
      System.out.flush();
      System.in.read();
    }
  }

  @Test
  void acquire_whileAnotherProcessHoldsTheLock_waitsAndSaysSo() throws Exception {
    Path file = dir.resolve("locks/image.lock");
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ImageBuildLockTest.class.getName(),
                file.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("locked");
      List<String> messages = java.util.Collections.synchronizedList(new ArrayList<>());
      Thread release =
          new Thread(
              () -> {
                try {
                  // Released only once this process has found the lock taken.
                  await(Duration.ofSeconds(30), () -> !messages.isEmpty(), "acquire says it waits");
                  holder.getOutputStream().close();
                } catch (Throwable e) {
                  holder.destroy();
                }
              });
      release.start();

      try (ImageBuildLock lock = ImageBuildLock.acquire(file, messages::add)) {
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).as("holder released the lock").isTrue();
        assertThat(holder.exitValue()).isZero();
      }
      release.join(Duration.ofSeconds(30).toMillis());
      assertThat(release.isAlive()).as("release thread ended").isFalse();

      assertThat(messages).singleElement().asString().contains("another Scylla process");
    } finally {
      holder.destroyForcibly();
    }
  }

  @Test
  void acquire_fromTwoThreads_secondWaitsForTheFirst() throws Exception {
    Path file = dir.resolve("image.lock");
    List<String> messages = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread second;
    try (ImageBuildLock first = ImageBuildLock.acquire(file, messages::add)) {
      second =
          new Thread(
              () -> {
                try (ImageBuildLock lock = ImageBuildLock.acquire(file, messages::add)) {
                  messages.add("second has it");
                }
              });
      second.start();
      await(Duration.ofSeconds(30), () -> !messages.isEmpty(), "the second thread says it waits");
      assertThat(messages)
          .containsExactly("waiting for another build of the same runner image in this process");
    }
    second.join(Duration.ofSeconds(30).toMillis());
    assertThat(second.isAlive()).as("second thread got the lock and ended").isFalse();
    assertThat(messages).endsWith("second has it");
  }
}
