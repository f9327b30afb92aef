package dev.scylla.api.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last lines of a container's output, kept so that a failure can show why it happened. */
public final class OutputTail {

  private final int capacity;
  private final Deque<String> lines = new ArrayDeque<>();

  /** Keeps at most {@code capacity} lines. */
  public OutputTail(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be above 0, was " + capacity);
    }
    this.capacity = capacity;
  }

  /** Adds a line, dropping the oldest when full; safe to call from the output thread. */
  public synchronized void add(String line) {
    lines.addLast(line);
    if (lines.size() > capacity) {
      lines.removeFirst();
    }
  }

  /** The kept lines, oldest first. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }
}
