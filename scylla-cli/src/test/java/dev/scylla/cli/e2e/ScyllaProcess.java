package dev.scylla.cli.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built {@code scylla} jar as a separate process, as a user would: its own HOME, temp
 * directory and working directory, optionally as another (non-root) user through {@code runuser}.
 */
final class ScyllaProcess {

  /** What a finished invocation printed and returned. */
  record Result(int exitCode, String stdout, String stderr) {
    String all() {
      return stdout + "\n" + stderr;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  private final Path jar;
  private final Path home;
  private final Path tmp;
  private final Path workDir;
  private final String user;
  private final Map<String, String> env = new LinkedHashMap<>();

  ScyllaProcess(Path jar, Path home, Path tmp, Path workDir, String user) {
    this.jar = jar;
    this.home = home;
    this.tmp = tmp;
    this.workDir = workDir;
    this.user = user;
    for (String name :
        List.of(
            "PATH", "DOCKER_HOST", "SCYLLA_CA_BUNDLE", "SCYLLA_BASE_IMAGE", "JAVA_HOME", "LANG")) {
      String value = System.getenv(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    env.put("HOME", home.toString());
  }

  ScyllaProcess env(String name, String value) {
    env.put(name, value);
    return this;
  }

  ScyllaProcess withoutEnv(String name) {
    env.remove(name);
    return this;
  }

  Result run(Duration timeout, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile("scylla-out", ".txt");
    Path err = Files.createTempFile("scylla-err", ".txt");
    try {
      Process process = start(out, err, args);
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "scylla "
                + String.join(" ", args)
                + " did not finish within "
                + timeout
                + "\n--- stderr\n"
                + Files.readString(err, StandardCharsets.UTF_8));
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /**
   * Starts scylla with its output going to {@code out} and {@code err}; the JVM's pid is the
   * process's.
   */
  Process start(Path out, Path err, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    if (user != null) {
      command.addAll(List.of("runuser", "-u", user, "--"));
    }
    command.add("env");
    command.add("-i");
    env.forEach((k, v) -> command.add(k + "=" + v));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.io.tmpdir=" + tmp);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .start();
  }
}
