package dev.scylla.credentials.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JVM shutdown hook that runs the cleanup of everything still registered, so per-run staging is
 * removed on SIGINT and SIGTERM too. Each action is unregistered once it ran normally.
 */
public final class ShutdownCleanup {

  private static final Logger LOG = LoggerFactory.getLogger(ShutdownCleanup.class);

  private static final Map<Object, Runnable> ACTIONS = new LinkedHashMap<>();
  private static boolean hookInstalled;

  private ShutdownCleanup() {}

  /** Registers {@code action} under {@code key}, installing the hook on first use. */
  public static synchronized void register(Object key, Runnable action) {
    if (!hookInstalled) {
      try {
        Runtime.getRuntime()
            .addShutdownHook(new Thread(ShutdownCleanup::runAll, "scylla-credentials-cleanup"));
      } catch (IllegalStateException e) {
        // Already shutting down: the caller's own close() is all that is left.
        LOG.debug("JVM shutting down; cleanup hook not installed");
        return;
      }
      hookInstalled = true;
    }
    ACTIONS.put(key, action);
  }

  /** Forgets {@code key}'s action (it ran, or the resource was closed normally). */
  public static synchronized void unregister(Object key) {
    ACTIONS.remove(key);
  }

  private static void runAll() {
    List<Runnable> actions;
    synchronized (ShutdownCleanup.class) {
      actions = new ArrayList<>(ACTIONS.values());
      ACTIONS.clear();
    }
    for (Runnable action : actions) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.warn("credentials cleanup at shutdown failed: {}", e.getMessage());
      }
    }
  }
}
