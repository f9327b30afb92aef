package dev.scylla.docker.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who and where this process is: host name, and the effective user and group ids. */
public final class HostIdentity {

  private HostIdentity() {}

  /** This host's name, read without a DNS lookup (which can hang on a badly set-up host). */
  public static String hostName() {
    for (String file : new String[] {"/proc/sys/kernel/hostname", "/etc/hostname"}) {
      try {
        String name = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        if (!name.isEmpty()) {
          return name;
        }
      } catch (IOException | RuntimeException e) {
        // Not Linux, or not readable: try the next source.
      }
    }
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    String fromCommand = run("hostname");
    return fromCommand.isEmpty() ? "unknown-host" : fromCommand;
  }

  /** The effective user id of this process. */
  public static int uid() {
    return id("uid", "-u");
  }

  /** The effective group id of this process. */
  public static int gid() {
    return id("gid", "-g");
  }

  private static int id(String attribute, String flag) {
    try {
      // /proc/self belongs to the process's effective uid and gid.
      Object value = Files.getAttribute(Path.of("/proc/self"), "unix:" + attribute);
      return ((Number) value).intValue();
    } catch (IOException | RuntimeException e) {
      String out = run("id", flag);
      try {
        return Integer.parseInt(out);
      } catch (NumberFormatException bad) {
        throw new IllegalStateException(
            "cannot tell this process's " + attribute + " (`id " + flag + "` said '" + out + "')",
            bad);
      }
    }
  }

  private static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor();
      return out.strip();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
