package dev.scylla.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.docker.testing.RequiresDocker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RunnerImage} on the real engine with a small busybox image of its own repository: the
 * hash, the builds {@code ensure()} does and does not do, and what the built image holds.
 */
@RequiresDocker
class RunnerImageEnsureIT {

  private static final String DOCKERFILE =
      """
      ARG BASE_IMAGE
      FROM ${BASE_IMAGE}
      COPY extra-ca.pem /etc/extra-ca.pem
      ARG USER_UID
      ARG USER_GID
      COPY entrypoint.sh /entrypoint.sh
      COPY scylla.jar /opt/scylla/scylla.jar
      USER ${USER_UID}:${USER_GID}
      ENTRYPOINT ["/entrypoint.sh"]
      """;

  private static ContainerRuntime docker;
  private final String repository =
      "scylla-it-runner-" + UUID.randomUUID().toString().substring(0, 8);

  @TempDir Path dir;
  private Path jar;

  @BeforeAll
  static void connect() {
    docker = ContainerRuntime.docker();
  }

  @AfterAll
  static void disconnect() {
    docker.close();
  }

  @BeforeEach
  void files() throws IOException {
    jar = Files.writeString(dir.resolve("scylla.jar"), "jar one\n");
  }

  @AfterEach
  void removeImages() {
    image().build().remove(docker);
  }

  private RunnerImage.Builder image() {
    return RunnerImage.builder()
        .dockerfile(DOCKERFILE.getBytes(StandardCharsets.UTF_8))
        .entrypoint("#!/bin/sh\nexec \"$@\"\n".getBytes(StandardCharsets.UTF_8))
        .jar(jar)
        .baseImage("scylla-ci/busybox:local")
        .claudeVersion("0-it")
        .user(new UserIds(1234, 1234))
        .repository(repository)
        .scyllaVersion("0.0.1-it")
        .lockDir(dir.resolve("locks"));
  }

  @Test
  void ensure_buildsOnce_thenNotAgain_thenAgainAfterAJarChange() throws Exception {
    AtomicInteger steps = new AtomicInteger();
    BuildListener counting =
        new BuildListener() {
          @Override
          public void onLine(String line) {}

          @Override
          public void onStep(int step, int total, String instruction) {
            steps.incrementAndGet();
          }
        };

    ImageRef first = image().build().ensure(docker, counting);
    int stepsOfFirst = steps.get();
    ImageRef second = image().build().ensure(docker, counting);
    Files.writeString(jar, "jar two\n");
    ImageRef third = image().build().ensure(docker, counting);

    assertThat(first.built()).isTrue();
    assertThat(stepsOfFirst).isPositive();
    assertThat(second.built()).isFalse();
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(third.built()).isTrue();
    assertThat(third.hash()).isNotEqualTo(first.hash());
    assertThat(docker.inspectImage(repository + ":latest-uid1234").orElseThrow().id())
        .isEqualTo(third.id());
    assertThat(docker.inspectImage(first.tag()).orElseThrow().labels())
        .containsEntry(ScyllaLabels.IMAGE_HASH, first.hash())
        .containsEntry(ScyllaLabels.MANAGED_BY, "scylla");
  }

  @Test
  void ensure_builtImage_holdsTheContextAndRunsAsTheGivenUser() throws Exception {
    ImageRef ref = image().build().ensure(docker, BuildListener.ignore());
    List<String> lines = Collections.synchronizedList(new ArrayList<>());

    try (ContainerHandle handle =
        docker.run(
            ContainerSpec.builder(ref.tag())
                .command("sh", "-c", "id -u; cat /opt/scylla/scylla.jar; wc -c < /etc/extra-ca.pem")
                .build(),
            (stream, line) -> lines.add(line.strip()))) {
      assertThat(handle.waitFor(Duration.ofSeconds(60))).isZero();
    }

    assertThat(lines).containsExactly("1234", "jar one", "0");
  }

  @Test
  void status_isCurrentAfterEnsure_andStaleAfterAChange() throws IOException {
    assertThat(image().build().status(docker).isCurrent()).isFalse();
    image().build().ensure(docker, BuildListener.ignore());
    assertThat(image().build().status(docker).isCurrent()).isTrue();

    Files.writeString(jar, "jar two\n");
    ImageStatus changed = image().build().status(docker);

    assertThat(changed.isCurrent()).isFalse();
    assertThat(changed.stale()).hasSize(1);
    assertThat(changed.stale().get(0).sizeBytes()).isPositive();
  }

  @Test
  @Timeout(1200)
  void ensure_fromThreeThreadsAtOnce_buildsOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<ImageRef>> refs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        refs.add(pool.submit(() -> image().build().ensure(docker, BuildListener.ignore())));
      }
      Set<String> ids = new HashSet<>();
      int built = 0;
      for (Future<ImageRef> ref : refs) {
        ImageRef done = ref.get(15, TimeUnit.MINUTES);
        ids.add(done.id());
        built += done.built() ? 1 : 0;
      }
      assertThat(ids).hasSize(1);
      assertThat(built).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void ensure_multiStageBuild_leavesNoDanglingImage_andKeepsTheStageAsATaggedCache()
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String multiStage =
        """
        ARG BASE_IMAGE
        FROM ${BASE_IMAGE} AS stage
        ARG RUN_ID
        RUN echo "${RUN_ID}" > /made-in-stage
        FROM ${BASE_IMAGE}
        COPY --from=stage /made-in-stage /made-in-stage
        ARG USER_UID
        ARG USER_GID
        COPY scylla.jar /opt/scylla/scylla.jar
        USER ${USER_UID}:${USER_GID}
        """;
    Set<String> danglingBefore = dangling();
    List<String> stages = Collections.synchronizedList(new ArrayList<>());
    RunnerImage image =
        image()
            .dockerfile(multiStage.getBytes(StandardCharsets.UTF_8))
            .buildArg("RUN_ID", run)
            .build();
    String cacheTag = null;
    try {
      image.ensure(
          docker,
          new BuildListener() {
            @Override
            public void onLine(String line) {}

            @Override
            public void onStageImage(String stage, String imageId) {
              stages.add(stage + " " + imageId);
            }
          });

      assertThat(stages).singleElement().asString().startsWith("stage ");
      String stageId = stages.get(0).substring("stage ".length());
      ImageInfo stageImage = docker.inspectImage(stageId).orElseThrow();
      assertThat(stageImage.tags())
          .singleElement()
          .asString()
          .startsWith(RunnerImage.CACHE_REPOSITORY + ":stage-");
      cacheTag = stageImage.tags().get(0);
      Set<String> danglingAfter = dangling();
      danglingAfter.removeAll(danglingBefore);
      // Other builds may share the engine: only images holding this build's layer are its own.
      List<String> ours = new ArrayList<>();
      for (String id : danglingAfter) {
        if (history(id).contains(run)) {
          ours.add(id);
        }
      }
      assertThat(ours).as("dangling images the build left").isEmpty();
    } finally {
      if (cacheTag != null) {
        docker.removeImage(cacheTag, true);
      }
    }
  }

  /** The commands that made an image's layers, one a line. */
  private static String history(String imageId) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("docker", "history", "--no-trunc", "--format", "{{.CreatedBy}}", imageId)
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return out;
  }

  /** Ids of the engine's dangling images (untagged, no child), as {@code docker images} shows. */
  private static Set<String> dangling() throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("docker", "images", "-q", "--no-trunc", "--filter", "dangling=true")
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    return new HashSet<>(out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
  }
}
