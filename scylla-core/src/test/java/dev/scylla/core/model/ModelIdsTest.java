package dev.scylla.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelIdsTest {

  @Test
  void normalize_aliasesBecomeFullIds_otherIdsStayAsGiven() {
    assertThat(ModelIds.normalize("sonnet")).isEqualTo("claude-sonnet-4-6");
    assertThat(ModelIds.normalize(" Opus ")).isEqualTo("claude-opus-4-6");
    assertThat(ModelIds.normalize("haiku")).isEqualTo("claude-haiku-4-5");
    assertThat(ModelIds.normalize("sonnet-4.5")).isEqualTo("claude-sonnet-4-5");
    assertThat(ModelIds.normalize("opus-4.6")).isEqualTo("claude-opus-4-6");
    assertThat(ModelIds.normalize("claude-opus-4-5-20251101"))
        .isEqualTo("claude-opus-4-5-20251101");
    assertThat(ModelIds.normalize(" my-model ")).isEqualTo(" my-model ");
  }

  @Test
  void experimentConfig_recordsFullIdsForAliases() {
    ExperimentConfig config =
        new ExperimentConfig(
            "e",
            "repo",
            null,
            "/p.md",
            null,
            List.of("sonnet"),
            1,
            List.of(TierId.T0),
            List.of("opus", "haiku-4.5"),
            1,
            60,
            null,
            null,
            null,
            null,
            null);

    assertThat(config.models()).containsExactly("claude-sonnet-4-6");
    assertThat(config.judgeModels()).containsExactly("claude-opus-4-6", "claude-haiku-4-5");
    assertThat(config.thinkingMode()).isEqualTo(ThinkingMode.NONE);
  }

  @Test
  void thinkingMode_parsesMainsNamesAndPutsItsKeywordBeforeThePrompt() {
    assertThat(ThinkingMode.parse("ultrathink")).isEqualTo(ThinkingMode.ULTRA_THINK);
    assertThat(ThinkingMode.parse("High").apply("Do it.")).isEqualTo("think hard\n\nDo it.");
    assertThat(ThinkingMode.parse("Low").apply("Do it.")).isEqualTo("think\n\nDo it.");
    assertThat(ThinkingMode.NONE.apply("Do it.")).isEqualTo("Do it.");
    assertThat(ThinkingMode.parse(null)).isEqualTo(ThinkingMode.NONE);
    assertThatThrownBy(() -> ThinkingMode.parse("Medium"))
        .hasMessage("thinking mode must be one of None, Low, High, UltraThink, got 'Medium'");
  }
}
