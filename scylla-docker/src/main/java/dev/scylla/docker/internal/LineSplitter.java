package dev.scylla.docker.internal;

import dev.scylla.docker.OutputListener;
import dev.scylla.docker.StreamType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * Turns chunks of container output into whole lines. Chunks split lines (and multi-byte characters)
 * anywhere, so bytes are buffered per stream until a newline arrives.
 */
public final class LineSplitter {

  private final OutputListener listener;
  private final Map<StreamType, ByteArrayOutputStream> pending = new EnumMap<>(StreamType.class);

  /** Delivers lines to {@code listener}. */
  public LineSplitter(OutputListener listener) {
    this.listener = listener;
  }

  /** Adds a chunk of {@code stream}'s output, delivering every line it completes. */
  public synchronized void accept(StreamType stream, byte[] chunk) {
    ByteArrayOutputStream buffer =
        pending.computeIfAbsent(stream, s -> new ByteArrayOutputStream());
    for (byte b : chunk) {
      if (b == '\n') {
        deliver(stream, buffer);
      } else {
        buffer.write(b);
      }
    }
  }

  /** Delivers what is left of every stream as a last line. */
  public synchronized void flush() {
    for (Map.Entry<StreamType, ByteArrayOutputStream> entry : pending.entrySet()) {
      if (entry.getValue().size() > 0) {
        deliver(entry.getKey(), entry.getValue());
      }
    }
  }

  private void deliver(StreamType stream, ByteArrayOutputStream buffer) {
    String line = buffer.toString(StandardCharsets.UTF_8);
    buffer.reset();
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    listener.onLine(stream, line);
  }
}
