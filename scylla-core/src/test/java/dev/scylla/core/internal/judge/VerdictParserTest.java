package dev.scylla.core.internal.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.core.fixture.Rubric;
import dev.scylla.core.model.Grade;
import dev.scylla.core.model.JudgeResult;
import dev.scylla.core.model.TokenStats;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictParserTest {
  private final Rubric rubric = new Rubric(Map.of(), 0.6, null);

  private JudgeResult parse(String raw) {
    return VerdictParser.parse("m", 1, raw, rubric, 0.01, TokenStats.ZERO, 1.0);
  }

  @Test
  void parse_judgesPassedStandsAndAContradictionIsRecorded() {
    JudgeResult r =
        parse(
            "```json\n{\"score\": 0.55, \"passed\": true, \"grade\": \"S\", \"reasoning\": \"meh\","
                + " \"categories\": {\"functional\": {\"score\": 0.9, \"explanation\": \"x\"}, \"q\": 0.2}}\n```");
    assertThat(r.valid()).isTrue();
    assertThat(r.score()).isEqualTo(0.55);
    assertThat(r.grade()).isEqualTo(Grade.C);
    assertThat(r.passed()).isTrue();
    assertThat(r.contradictsScore()).isTrue();
    assertThat(r.passedFromScore()).isFalse();
    assertThat(r.criteriaScores()).containsKeys("functional", "q");
    assertThat(r.criteriaScores().get("q").score()).isEqualTo(0.2);
  }

  @Test
  void parse_withoutPassed_fallsBackToScoreAgainstThreshold() {
    JudgeResult high = parse("{\"score\": 0.6}");
    JudgeResult low = parse("{\"score\": 0.59, \"passed\": \"yes\"}");
    assertThat(high.passed()).isTrue();
    assertThat(high.passedFromScore()).isTrue();
    assertThat(high.contradictsScore()).isFalse();
    assertThat(low.passed()).isFalse();
    assertThat(low.passedFromScore()).isTrue();
  }

  @Test
  void parse_failingAboveThreshold_isKeptAndRecorded() {
    JudgeResult r = parse("{\"score\": 0.9, \"passed\": false}");
    assertThat(r.passed()).isFalse();
    assertThat(r.contradictsScore()).isTrue();
  }

  @Test
  void parse_requirementsScores_areTheCriteria() {
    JudgeResult r =
        parse("{\"score\": 0.7, \"passed\": true, \"requirements\": {\"R001\": {\"score\": 1}}}");
    assertThat(r.criteriaScores()).containsOnlyKeys("R001");
    assertThat(r.contradictsScore()).isFalse();
  }

  @Test
  void judgment_roundTripsItsVerdictFlags_andAnOlderOneWithoutThemReads() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = dev.scylla.core.internal.ScyllaJson.mapper();
    JudgeResult r = parse("{\"score\": 0.4, \"passed\": true}");
    String text = json.writeValueAsString(r);

    assertThat(text).contains("\"contradicts_score\" : true", "\"passed_from_score\" : false");
    assertThat(json.readValue(text, JudgeResult.class)).isEqualTo(r);
    String older = text.replaceAll(",\\s*\"(contradicts_score|passed_from_score)\" : \\w+", "");
    assertThat(older).doesNotContain("contradicts_score");
    assertThat(json.readValue(older, JudgeResult.class).contradictsScore()).isFalse();
  }

  @Test
  void parse_clampsScoreIntoUnitInterval() {
    assertThat(parse("{\"score\": 1.7}").score()).isEqualTo(1.0);
    assertThat(parse("Here you go: {\"score\": -0.2} done").score()).isEqualTo(0.0);
  }

  @Test
  void parse_withoutUsableVerdict_isInvalidWithoutScore() {
    for (String raw : new String[] {"", "no json here", "{\"score\": \"high\"}", "{broken"}) {
      JudgeResult r = parse(raw);
      assertThat(r.valid()).as(raw).isFalse();
      assertThat(r.score()).isNull();
      assertThat(r.passed()).isFalse();
      assertThat(r.error()).contains("unparseable judge output");
      assertThat(r.costUsd()).isEqualTo(0.01);
    }
  }
}
