package dev.scylla.credentials.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * The PID file of a per-run staging directory: which process owns it (pid and start time, so a
 * reused pid is not mistaken for the owner) and which host file it came from. It lies beside the
 * directory, not in it, because the directory is mounted writable into the container and the marker
 * steers what the host does later.
 *
 * @param pid the owning process
 * @param startMillis the owner's start time in epoch ms, or -1 when unknown
 * @param source the credential source name
 * @param hostFile the host file for file sources, or {@code null}
 */
public record StagingMarker(long pid, long startMillis, String source, Path hostFile) {

  /** The prefix of per-run staging directory names. */
  public static final String DIR_PREFIX = "scylla-creds-";

  /** A marker for this process. */
  public static StagingMarker forCurrentProcess(String source, Path hostFile) {
    ProcessHandle self = ProcessHandle.current();
    long start = self.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
    return new StagingMarker(self.pid(), start, source, hostFile);
  }

  /** The marker's text. */
  public String format() throws IOException {
    Properties p = new Properties();
    p.setProperty("pid", Long.toString(pid));
    p.setProperty("start", Long.toString(startMillis));
    p.setProperty("source", source);
    if (hostFile != null) {
      p.setProperty("host", hostFile.toString());
    }
    StringWriter w = new StringWriter();
    p.store(w, "scylla staging owner");
    return w.toString();
  }

  /** The marker file of staging directory {@code dir}: {@code <dir>.pid} beside it. */
  public static Path fileFor(Path dir) {
    return dir.resolveSibling(dir.getFileName() + ".pid");
  }

  /** Reads the marker of {@code dir}; empty when absent or unreadable. */
  public static Optional<StagingMarker> read(Path dir) {
    Path file = fileFor(dir);
    try {
      Properties p = new Properties();
      p.load(new StringReader(Files.readString(file)));
      String host = p.getProperty("host");
      return Optional.of(
          new StagingMarker(
              Long.parseLong(p.getProperty("pid", "").trim()),
              Long.parseLong(p.getProperty("start", "-1").trim()),
              p.getProperty("source", ""),
              host == null ? null : Path.of(host)));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether the owning process is still running (same pid and, when known, same start time). */
  public boolean ownerAlive() {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return false;
    }
    if (startMillis < 0) {
      return true;
    }
    return handle
        .get()
        .info()
        .startInstant()
        .map(s -> Math.abs(s.toEpochMilli() - startMillis) < 2_000)
        .orElse(true);
  }
}
