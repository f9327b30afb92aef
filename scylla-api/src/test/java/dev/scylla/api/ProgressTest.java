package dev.scylla.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.api.internal.ProgressTracker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void line_roundTripsThroughTheContainerProtocol() {
    Progress progress = new Progress("run", "T0/00 run 1: PASS", "/r/x", 3, 10, 2, 0.125);

    assertThat(Progress.parse(progress.toLine())).hasValue(progress);
  }

  @Test
  void parse_ignoresOtherLinesAndBrokenJson() {
    assertThat(Progress.parse("just container output")).isEmpty();
    assertThat(Progress.parse(Progress.PREFIX + "{broken")).isEmpty();
  }

  @Test
  void tracker_countsRunsPassesAndCost() {
    List<Progress> seen = new ArrayList<>();
    ProgressTracker tracker = new ProgressTracker(seen::add);

    tracker.experimentStarted("e", java.nio.file.Path.of("/r/e"), 4, 1);
    tracker.budgetExhausted(1.5, 1.0);

    assertThat(seen).hasSize(2);
    assertThat(seen.get(0).message()).contains("4 runs").contains("resuming: 1 done");
    assertThat(seen.get(0).experimentDir()).isEqualTo("/r/e");
    assertThat(seen.get(1).kind()).isEqualTo("notice");
    assertThat(seen.get(1).message()).contains("$1.5000 of $1.0000");
    assertThat(seen.get(1).runsDone()).isEqualTo(1);
  }

  @Test
  void finished_carriesTheStatusThroughTheProtocol() {
    List<Progress> seen = new ArrayList<>();
    ProgressTracker tracker = new ProgressTracker(seen::add);
    tracker.experimentStarted("e", java.nio.file.Path.of("/r/e"), 2, 0);

    tracker.finished("BUDGET_EXHAUSTED", "budget reached");

    Progress last = seen.get(seen.size() - 1);
    assertThat(last.kind()).isEqualTo(Progress.FINISHED);
    assertThat(last.status()).isEqualTo("BUDGET_EXHAUSTED");
    assertThat(Progress.parse(last.toLine())).hasValue(last);
    assertThat(Progress.parse(new Progress("run", "m", null, 1, 2, 0, 0).toLine()).orElseThrow())
        .extracting(Progress::status, Progress::experimentDir)
        .containsExactly(null, null);
  }

  @Test
  void tracker_saysSinceWhenTheApiIsUnreachableAndWhenItTriesAgain() {
    List<Progress> seen = new ArrayList<>();
    ProgressTracker tracker = new ProgressTracker(seen::add);
    java.time.Instant since = java.time.Instant.parse("2026-12-06T12:04:30Z");
    String clock =
        java.time.LocalTime.ofInstant(since, java.time.ZoneId.systemDefault())
            .format(java.time.format.DateTimeFormatter.ofPattern("HH:mm"));

    tracker.apiUnreachable(
        since, java.time.Duration.ofSeconds(60), "API Error: Connection refused");
    tracker.apiReachable(java.time.Duration.ofSeconds(412));

    assertThat(seen.get(0).kind()).isEqualTo("notice");
    assertThat(seen.get(0).message())
        .isEqualTo(
            "API unreachable since " + clock + ", next try in 60 s: API Error: Connection refused");
    assertThat(seen.get(1).message()).isEqualTo("API reachable again after 412 s; runs go on");
  }
}
