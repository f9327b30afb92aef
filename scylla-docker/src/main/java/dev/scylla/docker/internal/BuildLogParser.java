package dev.scylla.docker.internal;

import com.github.dockerjava.api.model.BuildResponseItem;
import dev.scylla.docker.BuildListener;
import dev.scylla.docker.ImageBuildException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the message stream of a build by the engine's legacy builder (no BuildKit): passes every
 * log line on, reports each {@code Step N/M : INSTRUCTION}, names the image each stage ended with
 * (the last {@code ---> ID} before the next {@code FROM}), and keeps the tail of the log, the built
 * image's id ({@code aux.ID}, else {@code Successfully built ID}) and the error the engine ended
 * the build with.
 *
 * <p>Messages arrive on docker-java's thread; {@link #tail()} may be read from another while the
 * build runs (an interrupted build reports what it had).
 */
final class BuildLogParser {

  /** How many of the last log lines a failed build reports. */
  static final int TAIL_LINES = 25;

  private static final Pattern STEP = Pattern.compile("^Step (\\d+)/(\\d+) : (.*)$");
  private static final Pattern BUILT = Pattern.compile("^Successfully built ([0-9a-f]+)$");
  private static final Pattern FROM =
      Pattern.compile("^FROM\\s+\\S+(?:\\s+AS\\s+(\\S+))?\\s*$", Pattern.CASE_INSENSITIVE);
  private static final Pattern LAYER = Pattern.compile("^\\s*---> ([0-9a-f]{12,64})$");

  private final BuildListener listener;
  private final Deque<String> tail = new ArrayDeque<>();
  private volatile String imageId;
  private volatile String error;
  private String stage;
  private int stages;
  private String lastLayer;

  /** Reports lines, steps and stage images to {@code listener}. */
  BuildLogParser(BuildListener listener) {
    this.listener = listener;
  }

  /** Reads one message of the build's stream. */
  void accept(BuildResponseItem item) {
    if (item.getStream() != null) {
      for (String line : item.getStream().split("\\R")) {
        if (!line.isBlank()) {
          line(line.stripTrailing());
        }
      }
    }
    if (item.getImageId() != null) {
      imageId = item.getImageId();
    }
    if (item.isErrorIndicated()) {
      error =
          item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
              ? item.getErrorDetail().getMessage()
              : item.getError();
      line("ERROR: " + error);
    }
  }

  private void line(String line) {
    synchronized (tail) {
      tail.addLast(line);
      if (tail.size() > TAIL_LINES) {
        tail.removeFirst();
      }
    }
    listener.onLine(line);
    Matcher step = STEP.matcher(line);
    if (step.matches()) {
      Matcher from = FROM.matcher(step.group(3).strip());
      if (from.matches()) {
        // A new stage: the last layer of the one before is that stage's image.
        if (stage != null && lastLayer != null) {
          listener.onStageImage(stage, lastLayer);
        }
        stage = from.group(1) != null ? from.group(1) : Integer.toString(stages);
        stages++;
        lastLayer = null;
      }
      listener.onStep(
          Integer.parseInt(step.group(1)), Integer.parseInt(step.group(2)), step.group(3));
    }
    Matcher layer = LAYER.matcher(line);
    if (layer.matches()) {
      lastLayer = layer.group(1);
    }
    Matcher built = BUILT.matcher(line);
    if (built.matches() && imageId == null) {
      imageId = built.group(1);
    }
  }

  /** The last {@value #TAIL_LINES} log lines, oldest first. */
  List<String> tail() {
    synchronized (tail) {
      return List.copyOf(tail);
    }
  }

  /**
   * The id of the image the build made, as the engine gave it (full or short).
   *
   * @param what what was built, for the message: e.g. {@code building scylla-runner:1.0-abc}
   * @throws ImageBuildException when the build ended with an error, or without an image
   */
  String imageId(String what) {
    if (error != null) {
      throw new ImageBuildException(
          what + " failed: " + DockerConnection.oneLine(new Exception(error)), tail(), null);
    }
    if (imageId == null) {
      throw new ImageBuildException(what + " ended without an image id", tail(), null);
    }
    return imageId;
  }
}
