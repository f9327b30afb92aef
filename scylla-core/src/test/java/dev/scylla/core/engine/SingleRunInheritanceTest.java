package dev.scylla.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scylla.core.ErrorKind;
import dev.scylla.core.ScyllaException;
import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureLoader;
import dev.scylla.core.fixture.SubTestSpec;
import dev.scylla.core.internal.workspace.SubTestResources;
import dev.scylla.core.model.TierId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A T5 or T6 run executed alone (in a pod) is told only the keys of the best sub-tests it builds
 * on; these tests prove that it composes the same workspace resources from them as the whole
 * experiment's {@link Inheritance} does, on ProjectScylla's January test-001 (whose T5 sub-tests
 * name their own tiers and whose T6 builds on T5).
 */
class SingleRunInheritanceTest {

  private static final Fixture FIXTURE = FixtureLoader.load(ProjectScyllaFixtureRunTest.TEST_001);

  /** Best sub-tests as an experiment might have found them: not the first of each tier. */
  private static Map<TierId, String> bestOfEachTier() {
    Map<TierId, String> best = new EnumMap<>(TierId.class);
    for (TierId tier : TierId.values()) {
      List<SubTestSpec> specs = FIXTURE.subTests(tier);
      if (!specs.isEmpty()) {
        best.put(tier, specs.get(specs.size() / 2).id());
      }
    }
    return best;
  }

  /** The experiment's way: every sub-test of every tier through one Inheritance, in tier order. */
  private static Map<String, SubTestResources> asTheExperimentDoes(Map<TierId, String> best) {
    Inheritance inheritance = new Inheritance();
    Map<String, SubTestResources> baselines = new java.util.LinkedHashMap<>();
    Map<TierId, String> finished = new EnumMap<>(TierId.class);
    for (TierId tier : TierId.values()) {
      for (SubTestSpec spec : FIXTURE.subTests(tier)) {
        baselines.put(spec.key(), inheritance.baselineFromBest(spec, finished));
      }
      if (best.containsKey(tier)) {
        finished.put(tier, best.get(tier));
      }
    }
    return baselines;
  }

  @Test
  void inherited_forEveryT5AndT6SubTest_equalsTheWholeExperimentsBaseline() {
    Map<String, SubTestResources> expected = asTheExperimentDoes(bestOfEachTier());
    int compared = 0;
    for (TierId tier : List.of(TierId.T5, TierId.T6)) {
      for (SubTestSpec spec : FIXTURE.subTests(tier)) {
        SubTestResources local = expected.get(spec.key());
        List<String> keys = local == null ? List.of() : local.inheritedFrom();

        SubTestResources alone = SingleRun.inherited(FIXTURE, spec, keys);

        assertThat(alone).as(spec.key()).isEqualTo(local);
        compared++;
      }
    }
    assertThat(compared).isEqualTo(FIXTURE.subTests(TierId.T5).size() + 1);
    // T6 builds on T5's best, which itself builds on earlier tiers: its keys reach below T5.
    SubTestSpec t6 = FIXTURE.subTests(TierId.T6).get(0);
    assertThat(expected.get(t6.key()).inheritedFrom())
        .anyMatch(k -> k.startsWith("T5/"))
        .anyMatch(k -> !k.startsWith("T5/"));
  }

  @Test
  void inherited_ofAnEarlierTierOrNothing_isInputErrorOrNull() {
    SubTestSpec t0 = FIXTURE.subTests(TierId.T0).get(0);
    SubTestSpec t5 = FIXTURE.subTests(TierId.T5).get(0);

    assertThat(SingleRun.inherited(FIXTURE, t5, List.of())).isNull();
    assertThatThrownBy(() -> SingleRun.inherited(FIXTURE, t0, List.of("T1/01")))
        .isInstanceOfSatisfying(
            ScyllaException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INPUT))
        .hasMessageContaining("builds on no earlier tier");
    assertThatThrownBy(() -> SingleRun.inherited(FIXTURE, t5, List.of("T6/01")))
        .isInstanceOf(ScyllaException.class)
        .hasMessageContaining("earlier tier");
    assertThatThrownBy(() -> SingleRun.inherited(FIXTURE, t5, List.of("T1/99")))
        .isInstanceOf(ScyllaException.class)
        .hasMessageContaining("no sub-test T1/99");
  }
}
