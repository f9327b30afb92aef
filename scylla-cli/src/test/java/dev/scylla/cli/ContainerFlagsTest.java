package dev.scylla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scylla.api.ContainerSettings;
import dev.scylla.docker.Mount;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerFlagsTest {

  @TempDir Path dir;

  @Test
  void mount_parsesReadOnlyAndReadWriteForms() {
    assertThat(ContainerFlags.mount(dir + ":/opt/x:ro")).isEqualTo(new Mount(dir, "/opt/x", true));
    assertThat(ContainerFlags.mount(dir + ":/opt/x")).isEqualTo(new Mount(dir, "/opt/x", false));
    assertThat(ContainerFlags.mount(dir + ":/opt/x:rw")).isEqualTo(new Mount(dir, "/opt/x", false));
  }

  @Test
  void mount_badForms_sayWhatIsExpected() {
    assertThatThrownBy(() -> ContainerFlags.mount("justone"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("SRC:DST[:ro]");
    assertThatThrownBy(() -> ContainerFlags.mount(dir + ":relative"))
        .hasMessageContaining("must be absolute");
    assertThatThrownBy(() -> ContainerFlags.mount(dir.resolve("absent") + ":/x"))
        .hasMessageContaining("does not exist");
  }

  @Test
  void memoryBytes_understandsUnits() {
    assertThat(ContainerFlags.memoryBytes("8g")).isEqualTo(8L << 30);
    assertThat(ContainerFlags.memoryBytes("512m")).isEqualTo(512L << 20);
    assertThat(ContainerFlags.memoryBytes("7340032")).isEqualTo(7_340_032L);
    assertThatThrownBy(() -> ContainerFlags.memoryBytes("lots")).hasMessageContaining("e.g. 8g");
    assertThatThrownBy(() -> ContainerFlags.memoryBytes("1m")).hasMessageContaining("minimum");
    assertThatThrownBy(() -> ContainerFlags.memoryBytes("99999999999999999999g"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("larger than");
    assertThatThrownBy(() -> ContainerFlags.memoryBytes("9999999999999g"))
        .isInstanceOf(UserInputException.class);
  }

  @Test
  void parse_envAndLimits() {
    ContainerOptions options = new ContainerOptions();
    options.env = List.of("A=1", "B=x=y");
    options.cpus = 2.0;
    options.pidsLimit = 100;

    ContainerSettings settings = ContainerFlags.parse(options);

    assertThat(settings.env()).containsEntry("A", "1").containsEntry("B", "x=y");
    assertThat(settings.cpus()).hasValue(2.0);
    assertThat(settings.pidsLimit()).isEqualTo(100);
  }

  @Test
  void parse_badEnvAndLimits_areUsageErrors() {
    ContainerOptions env = new ContainerOptions();
    env.env = List.of("=novalue");
    assertThatThrownBy(() -> ContainerFlags.parse(env)).hasMessageContaining("KEY=VALUE");

    ContainerOptions cpus = new ContainerOptions();
    cpus.cpus = 0.0;
    assertThatThrownBy(() -> ContainerFlags.parse(cpus)).hasMessageContaining("--cpus");
  }

  @Test
  void network_defaultsToBridgeAndTakesDockersModes() {
    ContainerOptions options = new ContainerOptions();
    options.pidsLimit = 4096;
    assertThat(ContainerFlags.parse(options).network()).isEqualTo("bridge");
    options.network = "container:scylla-api";
    assertThat(ContainerFlags.parse(options).network()).isEqualTo("container:scylla-api");
    for (String mode : List.of("none", "host", "bridge", "container:scylla-api_1", "my-net.2")) {
      assertThat(ContainerFlags.network(mode)).isEqualTo(mode);
    }
  }

  @Test
  void network_badValue_isAUsageErrorNamingTheForms() {
    for (String bad : List.of("", "container:", "a b", "-x", "container:x:y")) {
      assertThatThrownBy(() -> ContainerFlags.network(bad))
          .as(bad)
          .isInstanceOf(UserInputException.class)
          .hasMessageContaining("container:NAME");
    }
  }
}
