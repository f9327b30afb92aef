package dev.scylla.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scylla.docker.testing.FakeContainerRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class RunnerImageTest {

  @TempDir Path dir;
  private Path jar;
  private Path ca;
  private final FakeContainerRuntime fake = new FakeContainerRuntime();

  @BeforeEach
  void files() throws IOException {
    jar = Files.write(dir.resolve("scylla.jar"), "jar v1".getBytes(StandardCharsets.UTF_8));
    ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
  }

  private RunnerImage.Builder image() {
    return RunnerImage.builder()
        .dockerfile("FROM base\n".getBytes(StandardCharsets.UTF_8))
        .entrypoint("#!/bin/sh\n".getBytes(StandardCharsets.UTF_8))
        .jar(jar)
        .baseImage("debian:trixie-slim")
        .claudeVersion("2.0.0")
        .user(new UserIds(1000, 1000))
        .scyllaVersion("1.2.3")
        .repository("scylla-test")
        .lockDir(dir.resolve("locks"));
  }

  @Test
  void contentHash_isStableForTheSameInputs() {
    assertThat(image().build().contentHash())
        .isEqualTo(image().build().contentHash())
        .matches("[0-9a-f]{64}");
  }

  @Test
  void contentHash_changesWithEveryInput() throws IOException {
    Path otherJar = Files.writeString(dir.resolve("other.jar"), "jar v2");
    List<UnaryOperator<RunnerImage.Builder>> changes =
        List.of(
            b -> b.dockerfile("FROM base\nRUN true\n".getBytes(StandardCharsets.UTF_8)),
            b -> b.entrypoint("#!/bin/bash\n".getBytes(StandardCharsets.UTF_8)),
            b -> b.jar(otherJar),
            b -> b.caBundle(ca),
            b -> b.baseImage("debian:bookworm-slim"),
            b -> b.claudeVersion("2.1.333"),
            b -> b.user(new UserIds(1001, 1000)),
            b -> b.user(new UserIds(1000, 1001)),
            b -> b.buildArg("JAVA_MODULES", "java.base"));
    Set<String> hashes = new HashSet<>();
    hashes.add(image().build().contentHash());
    for (UnaryOperator<RunnerImage.Builder> change : changes) {
      hashes.add(change.apply(image()).build().contentHash());
    }
    assertThat(hashes).hasSize(changes.size() + 1);
  }

  @Test
  void contentHash_changesWhenTheCaBundleChanges() throws IOException {
    String before = image().caBundle(ca).build().contentHash();
    Files.writeString(ca, "-----BEGIN CERTIFICATE-----\nother\n");
    assertThat(image().caBundle(ca).build().contentHash()).isNotEqualTo(before);
  }

  @Test
  void contentHash_ignoresTheOrderBuildArgsWereGivenIn() {
    String ab = image().buildArg("A", "1").buildArg("B", "2").build().contentHash();
    String ba = image().buildArg("B", "2").buildArg("A", "1").build().contentHash();
    assertThat(ab).isEqualTo(ba);
  }

  @Test
  void contentHash_ignoresTheRepositoryAndVersion() {
    assertThat(image().repository("elsewhere").scyllaVersion("9").build().contentHash())
        .isEqualTo(image().build().contentHash());
  }

  @Test
  void tag_isRepositoryVersionAndTwelveHexDigitsOfTheHash() {
    RunnerImage image = image().build();
    assertThat(image.tag()).isEqualTo("scylla-test:1.2.3-" + image.contentHash().substring(0, 12));
    assertThat(image.latestTag()).isEqualTo("scylla-test:latest-uid1000");
  }

  @Test
  void buildArgs_holdTheBaseImageTheClaudeVersionAndTheUser() {
    assertThat(image().build().buildArgs())
        .containsExactly(
            Map.entry("BASE_IMAGE", "debian:trixie-slim"),
            Map.entry("CLAUDE_VERSION", "2.0.0"),
            Map.entry("USER_GID", "1000"),
            Map.entry("USER_UID", "1000"));
  }

  @Test
  void user_rootIncluded_isBuiltIntoTheBuildArguments() {
    assertThat(image().user(new UserIds(0, 0)).build().buildArgs())
        .containsEntry("USER_UID", "0")
        .containsEntry("USER_GID", "0");
  }

  @Test
  void build_requiresTheBaseImageAndTheClaudeVersion() {
    RunnerImage.Builder noVersion =
        RunnerImage.builder()
            .dockerfile(new byte[0])
            .entrypoint(new byte[0])
            .jar(jar)
            .baseImage("debian:trixie-slim");
    assertThatThrownBy(noVersion::build).hasMessageContaining("claudeVersion");
    assertThatThrownBy(() -> noVersion.claudeVersion("2.0.0").baseImage(" "))
        .hasMessageContaining("baseImage");
    RunnerImage.Builder noBase =
        RunnerImage.builder()
            .dockerfile(new byte[0])
            .entrypoint(new byte[0])
            .jar(jar)
            .claudeVersion("2.0.0");
    assertThatThrownBy(noBase::build).hasMessageContaining("baseImage");
  }

  @Test
  void removeStale_removesOnlyThisUsersOlderImagesAndKeepsTheCurrentOne() throws IOException {
    ImageRef old = image().build().ensure(fake, BuildListener.ignore());
    ImageRef otherUser =
        image().user(new UserIds(2000, 2000)).build().ensure(fake, BuildListener.ignore());
    Files.writeString(jar, "jar v2");
    RunnerImage current = image().build();
    ImageRef now = current.ensure(fake, BuildListener.ignore());

    assertThat(current.status(fake).stale()).extracting(ImageInfo::id).containsExactly(old.id());
    int removed = current.removeStale(fake);

    assertThat(removed).isEqualTo(1);
    assertThat(fake.inspectImage(old.id())).isEmpty();
    assertThat(fake.inspectImage(now.id())).isPresent();
    assertThat(fake.inspectImage(otherUser.id())).as("another user's image").isPresent();
  }

  @Test
  void builder_rejectsAMissingJarAndABadRepository() {
    assertThatThrownBy(() -> image().jar(dir.resolve("missing.jar")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing.jar");
    assertThatThrownBy(() -> image().caBundle(dir.resolve("missing.pem")).build())
        .isInstanceOfSatisfying(
            DockerException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(DockerException.Kind.INPUT);
              assertThat(e.setting()).contains(DockerException.CA_BUNDLE);
              assertThat(e.getMessage()).contains("missing.pem").doesNotContain("--");
            });
    assertThatThrownBy(() -> image().repository("Scylla Runner"))
        .isInstanceOfSatisfying(
            DockerException.class, e -> assertThat(e.kind()).isEqualTo(DockerException.Kind.INPUT))
        .hasMessageContaining("Scylla Runner");
  }

  @Test
  void ensure_buildsOnce_thenNotAgain_thenAgainAfterAChange() throws IOException {
    ImageRef first = image().build().ensure(fake, BuildListener.ignore());
    ImageRef second = image().build().ensure(fake, BuildListener.ignore());
    Files.writeString(jar, "jar v2");
    ImageRef third = image().build().ensure(fake, BuildListener.ignore());

    assertThat(first.built()).isTrue();
    assertThat(second.built()).isFalse();
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(third.built()).isTrue();
    assertThat(third.tag()).isNotEqualTo(first.tag());
    assertThat(fake.builds()).hasSize(2);
    assertThat(fake.inspectImage("scylla-test:latest-uid1000").orElseThrow().id())
        .isEqualTo(third.id());
  }

  @Test
  void ensure_labelsAndTagsTheImage() {
    RunnerImage image = image().build();
    ImageRef ref = image.ensure(fake, BuildListener.ignore());

    ImageInfo info = fake.inspectImage(ref.tag()).orElseThrow();
    assertThat(info.tags()).containsExactlyInAnyOrder(image.tag(), "scylla-test:latest-uid1000");
    assertThat(info.labels())
        .containsEntry("dev.scylla.managed-by", "scylla")
        .containsEntry("dev.scylla.kind", "image")
        .containsEntry("dev.scylla.image-hash", image.contentHash())
        .containsEntry("dev.scylla.image-repository", "scylla-test")
        .containsEntry("dev.scylla.version", "1.2.3")
        .containsEntry("dev.scylla.image-uid", "1000");
  }

  @Test
  void ensure_movesLatestBackToTheCurrentImage() throws IOException {
    ImageRef v1 = image().build().ensure(fake, BuildListener.ignore());
    Files.writeString(jar, "jar v2");
    image().build().ensure(fake, BuildListener.ignore());
    Files.writeString(jar, "jar v1");

    ImageRef again = image().build().ensure(fake, BuildListener.ignore());

    assertThat(again.built()).isFalse();
    assertThat(fake.inspectImage("scylla-test:latest-uid1000").orElseThrow().id())
        .isEqualTo(v1.id());
  }

  @Test
  void ensure_sendsAContextWithEveryFileReadableByTheContainerUser() throws IOException {
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-------"));
    List<String> seen = new ArrayList<>();
    fake.onBuild(
        request -> {
          try (var files = Files.list(request.contextDir())) {
            for (Path file : files.sorted().toList()) {
              seen.add(
                  file.getFileName()
                      + " "
                      + PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
                      + " "
                      + Files.size(file));
            }
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });

    image().caBundle(ca).build().ensure(fake, BuildListener.ignore());

    assertThat(seen)
        .containsExactly(
            "Dockerfile rw-r--r-- 10",
            "entrypoint.sh rwxr-xr-x 10",
            "extra-ca.pem rw-r--r-- 28",
            "scylla.jar rw-r--r-- 6");
    assertThat(fake.builds().get(0).contextDir()).doesNotExist();
  }

  @Test
  void ensure_withoutACaBundle_sendsAnEmptyOne() {
    List<Long> sizes = new ArrayList<>();
    fake.onBuild(
        request -> {
          try {
            sizes.add(Files.size(request.contextDir().resolve("extra-ca.pem")));
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });

    image().build().ensure(fake, BuildListener.ignore());

    assertThat(sizes).containsExactly(0L);
  }

  @Test
  void ensure_whenTheBuildFails_throwsWithTheLogTail_andLeavesNoContext() {
    fake.failNextBuild("E: Unable to locate package nodejs");

    assertThatThrownBy(() -> image().build().ensure(fake, BuildListener.ignore()))
        .isInstanceOf(ImageBuildException.class)
        .hasMessageContaining("Unable to locate package nodejs");
    assertThat(fake.builds().get(0).contextDir()).doesNotExist();
    assertThat(image().build().status(fake).isCurrent()).isFalse();
  }

  @Test
  @Timeout(120)
  void ensure_fromFourThreadsAtOnce_buildsOnce() throws Exception {
    fake.buildDelay(Duration.ofMillis(300));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<ImageRef>> refs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        refs.add(pool.submit(() -> image().build().ensure(fake, BuildListener.ignore())));
      }
      Set<String> ids = new HashSet<>();
      int built = 0;
      for (Future<ImageRef> ref : refs) {
        ImageRef done = ref.get(60, TimeUnit.SECONDS);
        ids.add(done.id());
        built += done.built() ? 1 : 0;
      }
      assertThat(ids).hasSize(1);
      assertThat(built).isEqualTo(1);
      assertThat(fake.builds()).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void rebuild_buildsEvenWhenCurrent() {
    image().build().ensure(fake, BuildListener.ignore());
    ImageRef again = image().build().rebuild(fake, BuildListener.ignore());

    assertThat(again.built()).isTrue();
    assertThat(fake.builds()).hasSize(2);
  }

  @Test
  void status_tellsCurrentFromStale_andRemoveRemovesEveryImageOfTheRepository() throws IOException {
    fake.withImage("unrelated:1", Map.of());
    RunnerImage v1 = image().build();
    assertThat(v1.status(fake).isCurrent()).isFalse();
    v1.ensure(fake, BuildListener.ignore());
    Files.writeString(jar, "jar v2");
    RunnerImage v2 = image().build();
    ImageRef current = v2.ensure(fake, BuildListener.ignore());

    ImageStatus status = v2.status(fake);

    assertThat(status.isCurrent()).isTrue();
    assertThat(status.tag()).isEqualTo(v2.tag());
    assertThat(status.current().orElseThrow().id()).isEqualTo(current.id());
    assertThat(status.stale())
        .singleElement()
        .satisfies(i -> assertThat(i.tags()).contains(v1.tag()));
    assertThat(v2.remove(fake)).isEqualTo(2);
    assertThat(v2.status(fake).isCurrent()).isFalse();
    assertThat(fake.inspectImage("unrelated:1")).isPresent();
  }
}
