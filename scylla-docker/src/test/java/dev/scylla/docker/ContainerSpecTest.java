package dev.scylla.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ContainerSpecTest {

  @Test
  void builder_hasSafeDefaults() {
    ContainerSpec spec = ContainerSpec.builder("img").build();

    assertThat(spec.autoRemove()).isFalse();
    assertThat(spec.tty()).isFalse();
    assertThat(spec.stopGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(spec.command()).isEmpty();
  }

  @Test
  void constructor_namesTheBadFieldAndValue() {
    assertThatThrownBy(() -> ContainerSpec.builder("img").cpus(-1).build())
        .hasMessageContaining("cpus")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> ContainerSpec.builder("img").memoryBytes(-5).build())
        .hasMessageContaining("memoryBytes")
        .hasMessageContaining("-5");
    assertThatThrownBy(() -> ContainerSpec.builder("img").user("a b").build())
        .hasMessageContaining("user")
        .hasMessageContaining("a b");
    assertThatThrownBy(() -> ContainerSpec.builder("img").name("/bad").build())
        .hasMessageContaining("name")
        .hasMessageContaining("/bad");
    assertThatThrownBy(() -> ContainerSpec.builder(" ").build()).hasMessageContaining("image");
    assertThatThrownBy(() -> ContainerSpec.builder("img").env("A=B", "c").build())
        .hasMessageContaining("A=B");
  }

  @Test
  void mount_requiresAbsolutePaths() {
    assertThatThrownBy(() -> Mount.readOnly(Path.of("rel"), "/x"))
        .hasMessageContaining("hostPath")
        .hasMessageContaining("rel");
    assertThatThrownBy(() -> Mount.readOnly(Path.of("/abs"), "x"))
        .hasMessageContaining("containerPath");
    assertThat(Mount.samePath(Path.of("/work/r"), false))
        .isEqualTo(new Mount(Path.of("/work/r"), "/work/r", false));
  }

  @Test
  void toBuilder_keepsEveryField() {
    ContainerSpec spec =
        ContainerSpec.builder("img")
            .command("a")
            .env("K", "V")
            .user(1, 2)
            .name("n")
            .label("l", "v")
            .init(true)
            .cpus(1.5)
            .memoryBytes(10)
            .pidsLimit(3)
            .networkMode("none")
            .tty(true)
            .stdinOpen(true)
            .workdir("/w")
            .stopGrace(Duration.ofSeconds(2))
            .mount(Mount.readOnly(Path.of("/h"), "/c"))
            .build();

    assertThat(spec.toBuilder().build()).isEqualTo(spec);
  }

  @Test
  void toString_namesTheEnvironmentButNeverShowsItsValues() {
    ContainerSpec spec =
        ContainerSpec.builder("img").env("CLAUDE_CODE_OAUTH_TOKEN", "sk-ant-oat01-secret").build();
    ExecSpec exec =
        ExecSpec.of("true").withEnv(java.util.Map.of("ANTHROPIC_API_KEY", "sk-ant-api-secret"));

    assertThat(spec.toString()).contains("CLAUDE_CODE_OAUTH_TOKEN").doesNotContain("secret");
    assertThat(exec.toString()).contains("ANTHROPIC_API_KEY").doesNotContain("secret");
  }
}
