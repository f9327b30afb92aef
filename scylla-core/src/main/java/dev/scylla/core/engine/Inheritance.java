package dev.scylla.core.engine;

import dev.scylla.core.fixture.SubTestSpec;
import dev.scylla.core.internal.workspace.SubTestResources;
import dev.scylla.core.internal.workspace.WorkspacePreparer;
import dev.scylla.core.model.TierId;
import dev.scylla.core.model.TierResult;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a sub-test inherits: T5 builds on the best sub-tests of T0–T4 (or the tiers its spec names),
 * T6 on the best of T5. Remembers every sub-test's resolved resources, so a later tier can build on
 * an earlier tier's best.
 */
final class Inheritance {
  private static final Logger LOG = LoggerFactory.getLogger(Inheritance.class);
  private static final List<TierId> T5_DEFAULT =
      List.of(TierId.T0, TierId.T1, TierId.T2, TierId.T3, TierId.T4);

  private final Map<String, SubTestResources> resolved = new ConcurrentHashMap<>();

  /**
   * The baseline {@code spec} builds on, given the results of the tiers finished so far (null when
   * it builds on nothing), and records the sub-test's own resolved resources.
   */
  SubTestResources baseline(SubTestSpec spec, Map<TierId, TierResult> finished) {
    Map<TierId, String> best = new java.util.EnumMap<>(TierId.class);
    finished.forEach(
        (tier, result) -> {
          if (result != null && result.bestSubtest() != null) {
            best.put(tier, result.bestSubtest());
          }
        });
    return baselineFromBest(spec, best);
  }

  /**
   * As {@link #baseline(SubTestSpec, Map)}, given only the best sub-test of each tier finished so
   * far ({@code T1 -> 03}).
   */
  SubTestResources baselineFromBest(SubTestSpec spec, Map<TierId, String> best) {
    SubTestResources base = null;
    for (TierId t : sources(spec, best)) {
      String bestId = best.get(t);
      if (bestId == null) {
        LOG.info(
            "{}: no best sub-test of {} to inherit (tier not run or not scored)", spec.key(), t);
        continue;
      }
      String bestKey = t.name() + "/" + bestId;
      SubTestResources layer = resolved.get(bestKey);
      if (layer == null) {
        continue;
      }
      layer = layer.from(bestKey);
      base = base == null ? layer : base.plus(layer);
    }
    resolved.put(spec.key(), WorkspacePreparer.resolve(spec, base));
    return base;
  }

  /** The sub-tests the given sub-tests of one tier inherited from, each once. */
  List<String> inheritedFrom(List<SubTestSpec> specs) {
    return specs.stream()
        .map(spec -> resolved.get(spec.key()))
        .filter(Objects::nonNull)
        .flatMap(r -> r.inheritedFrom().stream())
        .distinct()
        .toList();
  }

  private static List<TierId> sources(SubTestSpec spec, Map<TierId, String> best) {
    if (!spec.inheritBestFrom().isEmpty()) {
      return spec.inheritBestFrom();
    }
    if (spec.sharedCatalogue() && spec.tier() == TierId.T5) {
      // ProjectScylla's main branch means a T5 sub-test without inherit_best_from to extend the
      // best of the tier before it: here the highest of T0-T4 that ran and has a best sub-test.
      for (int i = T5_DEFAULT.size() - 1; i >= 0; i--) {
        if (best.get(T5_DEFAULT.get(i)) != null) {
          return List.of(T5_DEFAULT.get(i));
        }
      }
      return List.of();
    }
    return switch (spec.tier()) {
      case T5 -> T5_DEFAULT;
      case T6 -> List.of(TierId.T5);
      default -> List.of();
    };
  }
}
