package dev.scylla.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDigestsTest {

  @TempDir Path dir;

  private Path file(String content) throws IOException {
    return Files.writeString(dir.resolve("scylla.jar"), content, StandardCharsets.UTF_8);
  }

  private static String sha256Of(String content) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
  }

  private List<Path> entries(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.toList();
    }
  }

  @Test
  void sha256_isTheDigestOfTheFilesBytes_andIsRemembered() throws Exception {
    Path jar = file("jar v1");
    Path folder = dir.resolve("digests");

    String digest = new FileDigests(folder).sha256(jar);

    assertThat(digest).isEqualTo(sha256Of("jar v1"));
    assertThat(entries(folder)).hasSize(1);
  }

  @Test
  void sha256_ofAnUnchangedFile_isTheRememberedOne_notReadAgain() throws Exception {
    Path jar = file("jar v1");
    Path folder = dir.resolve("digests");
    new FileDigests(folder).sha256(jar);
    // Another digest in the entry: only a digest that is not computed again comes back as it.
    Path entry = entries(folder).get(0);
    String identity = Files.readAllLines(entry).get(0);
    String planted = "ab".repeat(32);
    Files.writeString(entry, identity + "\n" + planted + "\n");

    assertThat(new FileDigests(folder).sha256(jar)).isEqualTo(planted);
  }

  @Test
  void sha256_ofARewrittenFile_ofTheSameSizeAndTime_isComputedAgain() throws Exception {
    Path jar = file("jar v1");
    FileTime time = Files.getLastModifiedTime(jar);
    Path folder = dir.resolve("digests");
    new FileDigests(folder).sha256(jar);

    Files.writeString(jar, "jar v2", StandardCharsets.UTF_8);
    Files.setLastModifiedTime(jar, time);

    assertThat(new FileDigests(folder).sha256(jar)).isEqualTo(sha256Of("jar v2"));
  }

  @Test
  void sha256_ofAFileReplacedByAnother_isComputedAgain() throws Exception {
    Path jar = file("jar v1");
    Path folder = dir.resolve("digests");
    new FileDigests(folder).sha256(jar);

    Path other = Files.writeString(dir.resolve("other.jar"), "jar v2 and longer");
    Files.move(other, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertThat(new FileDigests(folder).sha256(jar)).isEqualTo(sha256Of("jar v2 and longer"));
  }

  @Test
  void sha256_whenTheFolderCannotBeWritten_stillComputesTheDigest() throws Exception {
    Path jar = file("jar v1");
    Path notAFolder = Files.writeString(dir.resolve("digests"), "a file, not a folder");

    assertThat(new FileDigests(notAFolder).sha256(jar)).isEqualTo(sha256Of("jar v1"));
    assertThat(new FileDigests(notAFolder).sha256(jar)).isEqualTo(sha256Of("jar v1"));
  }

  @Test
  void sha256_ignoresAGarbledEntry() throws Exception {
    Path jar = file("jar v1");
    Path folder = dir.resolve("digests");
    new FileDigests(folder).sha256(jar);
    Files.writeString(entries(folder).get(0), "garbage");

    assertThat(new FileDigests(folder).sha256(jar)).isEqualTo(sha256Of("jar v1"));
  }
}
