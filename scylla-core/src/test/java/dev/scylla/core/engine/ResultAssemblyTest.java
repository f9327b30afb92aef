package dev.scylla.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.core.model.JudgeResult;
import dev.scylla.core.model.TokenStats;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultAssemblyTest {
  private static JudgeResult judge(int n, Double cost) {
    return JudgeResult.invalid("claude-opus-4-5", n, "no verdict", cost, TokenStats.ZERO, 1.0);
  }

  @Test
  void judgeCost_isZeroWhenNoJudgeWasCalled() {
    assertThat(ResultAssembly.judgeCost(List.of())).isEqualTo(0.0);
  }

  @Test
  void judgeCost_sumsEveryJudge() {
    assertThat(ResultAssembly.judgeCost(List.of(judge(1, 0.25), judge(2, 0.5)))).isEqualTo(0.75);
  }

  @Test
  void judgeCost_isUnknownWhenAnyJudgeCostIsUnknown() {
    assertThat(ResultAssembly.judgeCost(List.of(judge(1, 0.25), judge(2, null)))).isNull();
  }
}
