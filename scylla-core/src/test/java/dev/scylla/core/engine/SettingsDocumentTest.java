package dev.scylla.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scylla.core.testing.TestFixtures;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The caller's settings kept in the experiment folder, and what a resume may change of them. */
class SettingsDocumentTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private static SettingsDocument document(String runs, String parallel) {
    ObjectNode o = JSON.createObjectNode();
    o.put("runs", Integer.parseInt(runs));
    o.put("parallel", Integer.parseInt(parallel));
    o.putArray("models");
    o.putNull("judge");
    return new SettingsDocument(o.toString(), Set.of("parallel"));
  }

  @Test
  void differences_leaveInvocationOnlySettingsOut_andTreatMissingNullAndEmptyAlike()
      throws Exception {
    ObjectNode kept = (ObjectNode) JSON.readTree(document("2", "1").json());
    kept.remove("models");
    kept.remove("judge");

    assertThat(document("2", "4").differencesFrom(kept.toString())).isEmpty();
    assertThat(document("3", "1").differencesFrom(kept.toString())).containsExactly("runs: 2 -> 3");
  }

  @Test
  void anExperimentResumed_withAnotherSetting_isRefusedNamingIt_anInvocationOnlyOneIsNot()
      throws Exception {
    Path results = tmp.resolve("results");
    ExperimentOutcome first =
        TestFixtures.helloWorld(1, results).settingsDocument(document("1", "1")).build().run();
    Path kept = first.experimentDir().resolve("config/scylla_settings.json");
    assertThat(JSON.readTree(kept.toFile()).get("runs").asInt()).isEqualTo(1);

    ExperimentOutcome again =
        TestFixtures.helloWorld(1, results).settingsDocument(document("1", "3")).build().run();
    assertThat(again.experimentDir()).as("resumed").isEqualTo(first.experimentDir());
    JsonNode now = JSON.readTree(kept.toFile());
    assertThat(now.get("parallel").asInt()).as("the latest invocation's document").isEqualTo(3);

    assertThatThrownBy(
            () ->
                TestFixtures.helloWorld(1, results)
                    .settingsDocument(document("5", "1"))
                    .build()
                    .run())
        .isInstanceOf(ConfigChangedException.class)
        .hasMessageContaining("runs: 1 -> 5")
        .hasMessageContaining(first.experimentDir().toString());
  }
}
