package dev.scylla.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kills a child process with everything it started. */
public final class ProcessTrees {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessTrees.class);

  private ProcessTrees() {}

  /**
   * Kills a process and every descendant. Descendants are collected first: once the parent is dead
   * they are re-parented and can no longer be found from it.
   */
  public static void kill(Process process) {
    List<ProcessHandle> all = new ArrayList<>();
    process.descendants().forEach(all::add);
    all.add(process.toHandle());
    for (ProcessHandle h : all) {
      h.destroyForcibly();
    }
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        LOG.warn("process {} did not exit after SIGKILL: {}", h.pid(), e.toString());
      }
    }
  }
}
