package dev.scylla.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scylla.core.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The batch's fair pool of run slots. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunSlotsTest {

  private final List<String> order = Collections.synchronizedList(new ArrayList<>());

  /** A thread that takes a slot for {@code key}, records {@code name} and gives the slot back. */
  private Thread run(RunSlots slots, String key, String name) {
    Thread t =
        new Thread(
            () -> {
              try {
                slots.acquire(key);
                order.add(name);
                slots.release();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    t.start();
    return t;
  }

  /**
   * Queues runs one by one, each waiting before the next is queued, so the queue order is fixed.
   */
  private List<Thread> queue(RunSlots slots, String... keyAndNames) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (String kn : keyAndNames) {
      String[] parts = kn.split(":");
      int before = slots.waiting();
      threads.add(run(slots, parts[0], parts[1]));
      Await.await(
          Duration.ofSeconds(10), () -> slots.waiting() == before + 1, kn + " waiting for a slot");
    }
    return threads;
  }

  @Test
  void freedSlot_goesToTheTestsInTurn_notInArrivalOrder() throws Exception {
    RunSlots slots = new RunSlots(1);
    slots.acquire("a");
    // Test a queues all its runs first; b and c come later and would starve in a FIFO pool.
    List<Thread> threads = queue(slots, "a:a2", "a:a3", "a:a4", "b:b1", "b:b2", "c:c1");
    slots.release();
    for (Thread t : threads) {
      t.join(10_000);
    }

    assertThat(order).containsExactly("b1", "c1", "a2", "b2", "a3", "a4");
  }

  @Test
  void noMoreThanSizeRunsHoldASlot() throws Exception {
    RunSlots slots = new RunSlots(2);
    slots.acquire("a");
    slots.acquire("b");
    assertThat(slots.inUse()).isEqualTo(2);
    List<Thread> threads = queue(slots, "a:a2", "c:c1");
    assertThat(order).isEmpty();
    slots.release();
    Await.await(Duration.ofSeconds(10), () -> order.size() == 2, "both queued runs ran");
    for (Thread t : threads) {
      t.join(10_000);
    }
    // b's slot came back to c first (the turn after a, the last served), then a's to a.
    assertThat(order).containsExactly("c1", "a2");
    slots.release();
    assertThat(slots.inUse()).isZero();
  }

  @Test
  void interruptedWaiter_holdsNoSlot_andLeavesTheQueue() throws Exception {
    RunSlots slots = new RunSlots(1);
    slots.acquire("a");
    List<Thread> threads = queue(slots, "b:b1");
    threads.get(0).interrupt();
    threads.get(0).join(10_000);
    assertThat(slots.waiting()).isZero();
    slots.release();
    assertThat(slots.inUse()).isZero();
    assertThat(order).isEmpty();
  }

  @Test
  void releaseWithoutSlot_andZeroSize_areRefused() {
    assertThatThrownBy(() -> new RunSlots(0)).hasMessageContaining("size must be >= 1, was 0");
    assertThatThrownBy(() -> new RunSlots(1).release()).isInstanceOf(IllegalStateException.class);
  }
}
