package dev.scylla.core.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fair pool of run slots shared by several experiments of a batch: at most {@code size} runs hold
 * a slot at once, and a freed slot goes to the experiments with waiting runs in turn (round-robin
 * by key), so no experiment waits until another one finishes. Each run takes a slot before its
 * agent starts and gives it back when its run ends.
 */
public final class RunSlots {

  private final int size;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<String> keys = new ArrayList<>();
  private final Map<String, Deque<Waiter>> waiting = new HashMap<>();
  private int free;
  private int lastServed = -1;

  /** One waiting run; {@code granted} is set under the lock. */
  private static final class Waiter {
    boolean granted;
  }

  /**
   * A pool of {@code size} slots.
   *
   * @throws IllegalArgumentException when {@code size} is below 1
   */
  public RunSlots(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1, was " + size);
    }
    this.size = size;
    this.free = size;
  }

  /** How many runs may hold a slot at once. */
  public int size() {
    return size;
  }

  /** How many runs hold a slot now. */
  public int inUse() {
    lock.lock();
    try {
      return size - free;
    } finally {
      lock.unlock();
    }
  }

  /** How many runs wait for a slot now. */
  public int waiting() {
    lock.lock();
    try {
      return waiting.values().stream().mapToInt(Deque::size).sum();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for a slot for a run of the experiment {@code key}; give it back with {@link #release()}.
   *
   * @throws InterruptedException when interrupted while waiting (no slot is held then)
   */
  public void acquire(String key) throws InterruptedException {
    Objects.requireNonNull(key, "key");
    lock.lock();
    try {
      if (!keys.contains(key)) {
        keys.add(key);
      }
      Waiter me = new Waiter();
      waiting.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(me);
      grant();
      while (!me.granted) {
        try {
          changed.await();
        } catch (InterruptedException e) {
          if (me.granted) {
            // Granted while being interrupted: pass the slot on rather than lose it.
            free++;
            grant();
          } else {
            waiting.get(key).remove(me);
          }
          throw e;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Gives a slot back; the next experiment in turn with a waiting run gets it. */
  public void release() {
    lock.lock();
    try {
      if (free == size) {
        throw new IllegalStateException("release without a held slot");
      }
      free++;
      grant();
    } finally {
      lock.unlock();
    }
  }

  /** Hands free slots to waiting runs, one experiment after another. Called under the lock. */
  private void grant() {
    boolean any = false;
    while (free > 0) {
      int next = nextWithWaiter();
      if (next < 0) {
        break;
      }
      Waiter w = waiting.get(keys.get(next)).pollFirst();
      w.granted = true;
      free--;
      lastServed = next;
      any = true;
    }
    if (any) {
      changed.signalAll();
    }
  }

  /** The index of the next key after the last one served that has a waiting run, or -1. */
  private int nextWithWaiter() {
    int n = keys.size();
    for (int i = 1; i <= n; i++) {
      int candidate = (lastServed + i) % n;
      Deque<Waiter> q = waiting.get(keys.get(candidate));
      if (q != null && !q.isEmpty()) {
        return candidate;
      }
    }
    return -1;
  }
}
