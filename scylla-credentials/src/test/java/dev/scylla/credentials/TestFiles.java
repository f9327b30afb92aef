package dev.scylla.credentials;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Helpers shared by the tests: fake credentials, permissions and owners. */
final class TestFiles {

  /** A fake token prefix; tests search output and files for it. */
  static final String FAKE = "sk-ant-fake-";

  private TestFiles() {}

  /** Credentials JSON as Claude Code writes it, with a field this module does not know. */
  static String json(String access, String refresh, long expiresAt) {
    return "{\"claudeAiOauth\":{\"accessToken\":\""
        + access
        + "\",\"refreshToken\":\""
        + refresh
        + "\",\"expiresAt\":"
        + expiresAt
        + ",\"scopes\":[\"user:inference\",\"user:profile\"],\"subscriptionType\":\"max\"},"
        + "\"futureField\":{\"kept\":[1,2,3]}}";
  }

  /** Valid credentials expiring {@code fromNow} from now, tokens tagged with {@code tag}. */
  static String valid(String tag, Duration fromNow) {
    return json(
        FAKE + "access-" + tag,
        FAKE + "refresh-" + tag,
        Instant.now().plus(fromNow).toEpochMilli());
  }

  /** Credentials expiring at exactly {@code expiresAt} ms. */
  static String at(String tag, long expiresAt) {
    return json(FAKE + "access-" + tag, FAKE + "refresh-" + tag, expiresAt);
  }

  /** What Claude Code writes after a failed refresh. */
  static String blanked() {
    return json("", "", 0);
  }

  /** Writes {@code content} to {@code file} with mode 0600, creating parents. */
  static Path write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  /** A lookup of a fake home with an empty environment on Linux. */
  static CredentialLookup lookup(Path home) {
    return new CredentialLookup(null, Map.of(), home, "Linux", "security");
  }

  /** The mode of a path as rwx text. */
  static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  static int uid(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  static int gid(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
  }

  /** This process's uid, from the OS rather than from a file this module wrote. */
  static long myUid() {
    return new UnixSystem().getUid();
  }

  static long myGid() {
    return new UnixSystem().getGid();
  }

  static boolean runningAsRoot() {
    return myUid() == 0;
  }

  /** expiresAt of a credentials file. */
  static long expiresAt(Path file) throws IOException {
    return ClaudeCredentials.parse(Files.readString(file), file.toString()).expiresAtMillis();
  }

  /** Starts a JVM running {@code mainClass} on this test's classpath. */
  static Process startJvm(Class<?> mainClass, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xshare:auto");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass.getName());
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }
}
