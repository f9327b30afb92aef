package dev.scylla.core.engine;

import dev.scylla.core.fixture.SubTestSpec;
import dev.scylla.core.internal.metrics.Metrics;
import dev.scylla.core.internal.report.ReportWriter;
import dev.scylla.core.internal.workspace.SubTestResources;
import dev.scylla.core.model.RunResult;
import dev.scylla.core.model.SubTestResult;
import dev.scylla.core.model.TierId;
import dev.scylla.core.model.TierResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the plan: one tier group after another; inside a group every sub-test of every tier on a
 * pool of {@code parallel_subtests} workers, each sub-test's runs one after another. Writes every
 * sub-test's and tier's report as it finishes.
 */
final class Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

  private final RunPlan plan;
  private final RunExecutor runs;
  private final Inheritance inheritance;
  private final RateLimitGate gate;
  private final StopControl stop;
  private final ExperimentListener listener;
  private final Path experimentDir;
  private final double passThreshold;
  private final int parallel;
  private final RunSlots slots;
  private final String slotKey;

  Scheduler(
      RunPlan plan,
      RunExecutor runs,
      Inheritance inheritance,
      RateLimitGate gate,
      StopControl stop,
      ExperimentListener listener,
      Path experimentDir,
      double passThreshold,
      int parallel,
      RunSlots slots,
      String slotKey) {
    this.plan = plan;
    this.runs = runs;
    this.inheritance = inheritance;
    this.gate = gate;
    this.stop = stop;
    this.listener = listener;
    this.experimentDir = experimentDir;
    this.passThreshold = passThreshold;
    this.parallel = parallel;
    this.slots = slots;
    this.slotKey = slotKey;
  }

  /**
   * Runs every group and returns the results of the tiers that have any finished sub-test. A
   * failure that ends the experiment (a run's unexpected exception) stops the other workers and is
   * thrown once they have stopped.
   *
   * @throws InterruptedException when the calling thread is interrupted
   */
  Map<TierId, TierResult> run() throws InterruptedException {
    Map<TierId, TierResult> tiers = new EnumMap<>(TierId.class);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            parallel,
            r -> {
              Thread t = new Thread(r, "scylla-subtest");
              t.setDaemon(true);
              return t;
            });
    try {
      for (List<TierId> group : plan.groups()) {
        if (stop.requested()) {
          break;
        }
        runGroup(group, tiers, pool);
      }
    } catch (RuntimeException e) {
      // A failure that ends the experiment (bad repository, missing agent binary): the other
      // workers stop before it is thrown, and the checkpoint stays resumable.
      stop.stop(ExperimentStatus.INTERRUPTED, e.getMessage());
      throw e;
    } finally {
      pool.shutdownNow();
      awaitTermination(pool);
    }
    return tiers;
  }

  private void runGroup(List<TierId> group, Map<TierId, TierResult> tiers, ExecutorService pool)
      throws InterruptedException {
    Map<TierId, Map<String, Future<SubTestResult>>> futures = new EnumMap<>(TierId.class);
    for (TierId tier : group) {
      Map<String, Future<SubTestResult>> byId = new LinkedHashMap<>();
      for (SubTestSpec spec : plan.subTests().get(tier)) {
        SubTestResources baseline = inheritance.baseline(spec, tiers);
        byId.put(spec.id(), pool.submit(() -> runSubTest(spec, baseline)));
      }
      futures.put(tier, byId);
    }
    for (TierId tier : group) {
      List<SubTestResult> subs = new ArrayList<>();
      for (Future<SubTestResult> f : futures.get(tier).values()) {
        SubTestResult r = await(f);
        if (r != null) {
          subs.add(r);
        }
      }
      if (subs.isEmpty()) {
        continue;
      }
      List<SubTestSpec> specs = plan.subTests().get(tier);
      TierResult result = Metrics.tierResult(tier, subs, inheritance.inheritedFrom(specs));
      tiers.put(tier, result);
      ReportWriter.writeTier(experimentDir, result, passThreshold);
      if (!stop.requested() || subs.size() == specs.size()) {
        listener.tierFinished(result);
      }
    }
  }

  private SubTestResult runSubTest(SubTestSpec spec, SubTestResources baseline) {
    stop.enter();
    try {
      List<RunResult> results = new ArrayList<>();
      for (int r = 1; r <= plan.runsPerSubTest() && !stop.requested(); r++) {
        RunResult result;
        try {
          result = runInSlot(spec, baseline, r);
        } catch (InterruptedException e) {
          // A stop: this run stays unfinished in the checkpoint and runs again on resume.
          break;
        } catch (RuntimeException e) {
          if (stop.requested()) {
            // The stop's interrupt broke a file or process operation of the run in flight.
            LOG.debug("{} run {} ended by the stop: {}", spec.key(), r, e.toString());
            break;
          }
          throw e;
        }
        if (result != null) {
          results.add(result);
        }
      }
      // Clear a stop's interrupt so the reports below can still be written.
      Thread.interrupted();
      if (results.isEmpty()) {
        return null;
      }
      SubTestResult st =
          Metrics.summarize(spec.tier(), spec.id(), results, gate.lastIn(spec.key()));
      ReportWriter.writeSubTest(experimentDir, st, passThreshold);
      if (results.size() == plan.runsPerSubTest()) {
        listener.subTestFinished(st);
      }
      return st;
    } finally {
      stop.exit();
    }
  }

  /** One run, holding one of the batch's shared slots while it runs (when there are any). */
  private RunResult runInSlot(SubTestSpec spec, SubTestResources baseline, int run)
      throws InterruptedException {
    if (slots == null) {
      return runs.run(spec, baseline, run);
    }
    slots.acquire(slotKey);
    try {
      return runs.run(spec, baseline, run);
    } finally {
      slots.release();
    }
  }

  private static SubTestResult await(Future<SubTestResult> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new ExperimentException("a sub-test failed: " + c, c);
    }
  }

  private static void awaitTermination(ExecutorService pool) {
    boolean interrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
        LOG.warn("still waiting for sub-test workers to stop");
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
