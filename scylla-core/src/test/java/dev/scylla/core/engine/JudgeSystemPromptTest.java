package dev.scylla.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JudgeSystemPromptTest {
  @TempDir Path tmp;

  @Test
  void builtIn_isScyllasOwnProtocolWithItsDigest() throws Exception {
    JudgeSystemPrompt p = JudgeSystemPrompt.builtIn();
    assertThat(p.source()).isEqualTo(JudgeSystemPrompt.BUILT_IN);
    assertThat(p.text()).contains("N/A", "`score`", "`passed`", "pass threshold");
    assertThat(p.sha256()).isEqualTo(sha256(p.text()));
  }

  @Test
  void choose_prefersTheExplicitFile() throws Exception {
    Path checkout = projectScyllaCheckout();
    Path mine = Files.writeString(tmp.resolve("mine.md"), "Grade strictly.");
    JudgeSystemPrompt p =
        JudgeSystemPrompt.choose(mine, checkout.resolve("tests/fixtures/tests/test-001"));
    assertThat(p.text()).isEqualTo("Grade strictly.");
    assertThat(p.source()).isEqualTo(mine.toString());
    assertThat(p.sha256()).isEqualTo(sha256("Grade strictly."));
  }

  @Test
  void choose_usesTheProjectScyllaCheckoutsPromptForAFixtureInside() throws Exception {
    Path checkout = projectScyllaCheckout();
    JudgeSystemPrompt p =
        JudgeSystemPrompt.choose(null, checkout.resolve("tests/fixtures/tests/test-001"));
    assertThat(p.source()).isEqualTo(checkout.resolve("config/judge/system_prompt.md").toString());
    assertThat(p.text()).isEqualTo("ProjectScylla's protocol");
  }

  @Test
  void choose_fallsBackToTheBuiltInOutsideACheckout() throws Exception {
    Path fixture = Files.createDirectories(tmp.resolve("elsewhere/test-001"));
    // A config/judge prompt alone does not make a checkout: tests/claude-code/shared must exist.
    Files.createDirectories(tmp.resolve("elsewhere/config/judge"));
    Files.writeString(tmp.resolve("elsewhere/config/judge/system_prompt.md"), "not this one");
    assertThat(JudgeSystemPrompt.choose(null, fixture).source())
        .isEqualTo(JudgeSystemPrompt.BUILT_IN);
  }

  @Test
  void fromFile_refusesAnEmptyOrMissingFile() throws Exception {
    Path empty = Files.writeString(tmp.resolve("empty.md"), "  \n");
    assertThatThrownBy(() -> JudgeSystemPrompt.fromFile(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty")
        .hasMessageEndingWith("write the prompt into it");
    assertThatThrownBy(() -> JudgeSystemPrompt.fromFile(tmp.resolve("missing.md")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing.md");
  }

  private Path projectScyllaCheckout() throws Exception {
    Path root = tmp.resolve("ProjectScylla");
    Files.createDirectories(root.resolve("tests/claude-code/shared"));
    Files.createDirectories(root.resolve("tests/fixtures/tests/test-001"));
    Files.createDirectories(root.resolve("config/judge"));
    Files.writeString(root.resolve("config/judge/system_prompt.md"), "ProjectScylla's protocol");
    return root;
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
