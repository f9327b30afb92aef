package dev.scylla.core.engine;

import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.SubTestSpec;
import dev.scylla.core.model.AgentResult;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.model.TierId;
import dev.scylla.core.results.Checkpoint;
import dev.scylla.core.results.ResultsLayout;
import dev.scylla.core.results.RunState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the experiment runs, in order: groups of tiers (T0–T4 together, then T5, then T6, since each
 * later group builds on the earlier ones' best), and each tier's sub-tests (capped by {@code
 * max_subtests}).
 *
 * @param groups the tier groups, in run order
 * @param subTests each tier's sub-tests to run
 * @param runsPerSubTest runs of every sub-test
 */
record RunPlan(
    List<List<TierId>> groups, Map<TierId, List<SubTestSpec>> subTests, int runsPerSubTest) {

  RunPlan {
    groups = groups.stream().map(List::copyOf).toList();
    subTests = Map.copyOf(subTests);
  }

  /** The plan of {@code config} on {@code fixture}. */
  static RunPlan of(ExperimentConfig config, Fixture fixture) {
    List<TierId> first = new ArrayList<>();
    List<List<TierId>> groups = new ArrayList<>();
    for (TierId t : config.tiersToRun().stream().sorted().toList()) {
      if (t.ordinal() <= TierId.T4.ordinal()) {
        first.add(t);
      }
    }
    if (!first.isEmpty()) {
      groups.add(first);
    }
    for (TierId t : List.of(TierId.T5, TierId.T6)) {
      if (config.tiersToRun().contains(t)) {
        groups.add(List.of(t));
      }
    }
    Map<TierId, List<SubTestSpec>> subTests = new EnumMap<>(TierId.class);
    for (List<TierId> group : groups) {
      for (TierId t : group) {
        List<SubTestSpec> specs = fixture.subTests(t);
        if (config.maxSubtests() != null && specs.size() > config.maxSubtests()) {
          specs = specs.subList(0, config.maxSubtests());
        }
        subTests.put(t, specs);
      }
    }
    return new RunPlan(groups, subTests, config.runsPerSubtest());
  }

  /** The number of runs in the plan. */
  int totalRuns() {
    return subTests.values().stream().mapToInt(List::size).sum() * runsPerSubTest;
  }

  /** The number of runs the checkpoint says are finished. */
  int finishedRuns(Checkpoint checkpoint) {
    int done = 0;
    for (Map.Entry<TierId, List<SubTestSpec>> e : subTests.entrySet()) {
      for (SubTestSpec spec : e.getValue()) {
        for (int r = 1; r <= runsPerSubTest; r++) {
          if (checkpoint.runState(e.getKey(), spec.id(), r).map(RunState::finished).orElse(false)) {
            done++;
          }
        }
      }
    }
    return done;
  }

  /**
   * The agent cost earlier sessions spent on the plan's runs: it counts against the budget before
   * any new run starts.
   */
  double spentBefore(Checkpoint checkpoint, ResultsLayout layout) {
    double spent = 0;
    for (Map.Entry<TierId, List<SubTestSpec>> e : subTests.entrySet()) {
      for (SubTestSpec spec : e.getValue()) {
        for (int r = 1; r <= runsPerSubTest; r++) {
          if (checkpoint.runState(e.getKey(), spec.id(), r).isPresent()) {
            Optional<Double> cost =
                EngineFiles.readIfPresent(
                        layout.run(e.getKey(), spec.id(), r).agentResult(), AgentResult.class)
                    .map(AgentResult::costUsd);
            spent += cost.orElse(0.0);
          }
        }
      }
    }
    return spent;
  }
}
