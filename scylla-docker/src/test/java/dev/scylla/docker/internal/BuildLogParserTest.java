package dev.scylla.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.core.DockerClientConfig;
import dev.scylla.docker.BuildListener;
import dev.scylla.docker.ImageBuildException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The parser on the engine's message streams of real legacy-builder builds, recorded by {@code
 * src/test/resources/build-logs/record.sh} (Docker 20.10, API 1.41) and read with docker-java's own
 * object mapper, as the build callback receives them.
 */
class BuildLogParserTest {

  private static final ObjectMapper JSON = DockerClientConfig.getDefaultObjectMapper();

  private final Recorder listener = new Recorder();
  private final BuildLogParser parser = new BuildLogParser(listener);

  @Test
  void success_reportsEveryStep_theFirstStagesImage_andTheFinalImageId() {
    recorded("success.jsonl").forEach(parser::accept);

    assertThat(listener.steps)
        .containsExactly(
            "1/5 FROM scylla-ci/busybox:local AS greeting",
            "2/5 RUN echo hello > /greeting",
            "3/5 FROM scylla-ci/busybox:local",
            "4/5 COPY --from=greeting /greeting /greeting",
            "5/5 RUN cat /greeting");
    // A stage's image is known when the next stage starts: the last stage is the image itself.
    assertThat(listener.stageImages).containsExactly("greeting=f081275f9202");
    // The short id of "Successfully built": the runtime asks the engine for the full one.
    assertThat(parser.imageId("building t")).isEqualTo("6385ce9ba86e");
    assertThat(listener.lines)
        .contains("hello", "Successfully built 6385ce9ba86e")
        .noneMatch(String::isBlank);
    assertThat(parser.tail()).isEqualTo(listener.lines);
  }

  @Test
  void aStreamCutBeforeTheEnd_isABuildWithoutImage() {
    List<BuildResponseItem> items = recorded("success.jsonl");
    items.subList(0, 6).forEach(parser::accept);

    assertThatThrownBy(() -> parser.imageId("building t"))
        .isInstanceOf(ImageBuildException.class)
        .hasMessageStartingWith("building t ended without an image id")
        .satisfies(e -> assertThat(((ImageBuildException) e).logTail()).endsWith(lastLine()));
  }

  @Test
  void failingStep_failsWithTheEnginesError_andTheStepsOutputInTheTail() {
    recorded("failing-step.jsonl").forEach(parser::accept);

    assertThat(listener.steps)
        .containsExactly(
            "1/3 FROM scylla-ci/busybox:local",
            "2/3 RUN echo preparing",
            "3/3 RUN echo compiling && exit 3");
    assertThat(listener.stageImages).isEmpty();
    assertThatThrownBy(() -> parser.imageId("building t"))
        .isInstanceOf(ImageBuildException.class)
        .hasMessageStartingWith(
            "building t failed: The command '/bin/sh -c echo compiling && exit 3' returned a"
                + " non-zero code: 3\n")
        .satisfies(
            e ->
                assertThat(((ImageBuildException) e).logTail())
                    .contains("compiling")
                    .last()
                    .isEqualTo(
                        "ERROR: The command '/bin/sh -c echo compiling && exit 3' returned a"
                            + " non-zero code: 3"));
  }

  @Test
  void tlsFailure_keepsTheCertificateErrorInTheTail() {
    recorded("tls-failure.jsonl").forEach(parser::accept);

    assertThatThrownBy(() -> parser.imageId("building t"))
        .isInstanceOf(ImageBuildException.class)
        .hasMessageContaining("apt-helper download-file https://")
        .hasMessageContaining("returned a non-zero code: 100")
        .satisfies(
            e ->
                assertThat(((ImageBuildException) e).logTail())
                    .anyMatch(contains("SSL routines::certificate verify failed"))
                    .anyMatch(contains("E: Download Failed")));
  }

  @Test
  void tail_keepsOnlyTheLastLines() {
    for (int i = 0; i < 3; i++) {
      recorded("success.jsonl").forEach(parser::accept);
    }

    assertThat(listener.lines).hasSizeGreaterThan(BuildLogParser.TAIL_LINES);
    assertThat(parser.tail())
        .hasSize(BuildLogParser.TAIL_LINES)
        .isEqualTo(
            listener.lines.subList(
                listener.lines.size() - BuildLogParser.TAIL_LINES, listener.lines.size()));
  }

  private String lastLine() {
    return listener.lines.get(listener.lines.size() - 1);
  }

  private static Predicate<String> contains(String text) {
    return line -> line.contains(text);
  }

  private static List<BuildResponseItem> recorded(String name) {
    try (InputStream in = BuildLogParserTest.class.getResourceAsStream("/build-logs/" + name)) {
      assertThat(in).as("test resource build-logs/%s", name).isNotNull();
      List<BuildResponseItem> items = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        items.add(JSON.readValue(line, BuildResponseItem.class));
      }
      return items;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Remembers what the parser reported. */
  private static final class Recorder implements BuildListener {
    final List<String> lines = new ArrayList<>();
    final List<String> steps = new ArrayList<>();
    final List<String> stageImages = new ArrayList<>();

    @Override
    public void onLine(String line) {
      lines.add(line);
    }

    @Override
    public void onStep(int step, int totalSteps, String instruction) {
      steps.add(step + "/" + totalSteps + " " + instruction);
    }

    @Override
    public void onStageImage(String stage, String imageId) {
      stageImages.add(stage + "=" + imageId);
    }
  }
}
