package dev.scylla.docker.internal;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.scylla.docker.StreamType;
import java.io.ByteArrayOutputStream;

/**
 * Receives a container's output frames. Attached, it feeds them to a line splitter and counts the
 * bytes of each stream; as a replay of the container's log, it skips as many bytes per stream as
 * the attached one received and keeps the rest (what the attached stream missed).
 */
final class OutputCallback extends ResultCallback.Adapter<Frame> {

  private final LineSplitter lines;
  private final long[] received = new long[StreamType.values().length];
  private final long[] skip;
  private final ByteArrayOutputStream[] rest;

  private OutputCallback(LineSplitter lines, long[] skip, ByteArrayOutputStream[] rest) {
    this.lines = lines;
    this.skip = skip;
    this.rest = rest;
  }

  /** Feeds every frame to {@code lines}. */
  static OutputCallback attached(LineSplitter lines) {
    return new OutputCallback(lines, null, null);
  }

  /** Keeps what comes after the first {@code alreadyReceived[stream]} bytes of each stream. */
  static OutputCallback replaySkipping(long[] alreadyReceived) {
    return new OutputCallback(
        null,
        alreadyReceived.clone(),
        new ByteArrayOutputStream[] {new ByteArrayOutputStream(), new ByteArrayOutputStream()});
  }

  @Override
  public void onNext(Frame frame) {
    StreamType stream =
        switch (frame.getStreamType()) {
          case STDERR -> StreamType.STDERR;
          default -> StreamType.STDOUT;
        };
    byte[] payload = frame.getPayload();
    int i = stream.ordinal();
    synchronized (received) {
      long before = received[i];
      received[i] += payload.length;
      if (lines != null) {
        lines.accept(stream, payload);
      } else if (received[i] > skip[i]) {
        int from = (int) Math.max(0, skip[i] - before);
        rest[i].write(payload, from, payload.length - from);
      }
    }
  }

  /** The line splitter frames go to (attached only). */
  LineSplitter lines() {
    return lines;
  }

  /** How many bytes of each stream arrived so far, indexed by {@link StreamType#ordinal()}. */
  long[] received() {
    synchronized (received) {
      return received.clone();
    }
  }

  /** The bytes of {@code stream} after the skipped ones (replay only). */
  byte[] tail(StreamType stream) {
    synchronized (received) {
      return rest[stream.ordinal()].toByteArray();
    }
  }
}
