package dev.scylla.core.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scylla.core.ErrorKind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentRunnersTest {
  @TempDir Path dir;

  /** A runner that cannot judge, declared only by the jars the tests make. */
  public static final class EchoProvider implements AgentAdapterProvider {
    @Override
    public String name() {
      return "echo";
    }

    @Override
    public AgentAdapter create(String argument, Context context) {
      return new AgentAdapter() {
        @Override
        public AgentOutcome run(AgentRequest request) {
          return AgentOutcome.builder().resultText(argument).build();
        }

        @Override
        public String name() {
          return "echo";
        }
      };
    }
  }

  private AgentAdapterProvider.Context context() {
    return new AgentAdapterProvider.Context(dir, Map.of());
  }

  private Path jar(String name, String services) throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out)) {
      if (services != null) {
        j.putNextEntry(new JarEntry("META-INF/services/" + AgentAdapterProvider.class.getName()));
        j.write(services.getBytes(StandardCharsets.UTF_8));
        j.closeEntry();
      }
      j.putNextEntry(new JarEntry("README.txt"));
      j.write("a runner jar".getBytes(StandardCharsets.UTF_8));
      j.closeEntry();
    }
    return jar;
  }

  @Test
  void builtIn_hasClaudeCodeAndScripted_whichCanBothJudge() {
    AgentRunners runners = AgentRunners.builtIn();
    assertThat(runners.names()).containsExactly("claude-code", "scripted");
    assertThat(runners.provider("claude-code").orElseThrow().needsClaudeLogin()).isTrue();
    assertThat(runners.provider("scripted").orElseThrow().needsClaudeLogin()).isFalse();
    assertThat(runners.defaultJudge("scripted:agent.yaml")).isEqualTo("scripted:agent.yaml");
    assertThat(runners.defaultJudge("claude-code")).isEqualTo("claude-code");
  }

  @Test
  void providerFor_anUnknownName_isAnInputErrorThatListsTheRunners() {
    assertThatThrownBy(() -> AgentRunners.builtIn().providerFor("hello:x"))
        .isInstanceOf(AgentException.class)
        .hasMessage(
            "unknown runner 'hello': available runners are claude-code, scripted (a runner's jar"
                + " adds others)")
        .satisfies(
            e -> {
              assertThat(((AgentException) e).kind()).isEqualTo(ErrorKind.INPUT);
              assertThat(((AgentException) e).setting()).contains(AgentException.JARS);
            });
  }

  @Test
  void load_findsTheRunnerDeclaredInAJar_andItsArgumentIsTheTextAfterTheColon() throws Exception {
    AgentRunners runners =
        AgentRunners.load(List.of(jar("echo.jar", EchoProvider.class.getName() + "\n")));

    assertThat(runners.names()).containsExactly("claude-code", "echo", "scripted");
    AgentAdapter echo = runners.create("echo:a:b c", context());
    assertThat(echo.run(null).resultText()).isEqualTo("a:b c");
    assertThat(runners.defaultJudge("echo")).isEqualTo("claude-code");
  }

  @Test
  void load_aJarWithoutRunner_orNoJar_isAnInputErrorNamingIt() throws Exception {
    Path empty = jar("empty.jar", null);
    assertThatThrownBy(() -> AgentRunners.load(List.of(empty)))
        .isInstanceOf(AgentException.class)
        .hasMessageContaining(empty + " declares no runner")
        .hasMessageContaining("META-INF/services/dev.scylla.core.agent.AgentAdapterProvider");
    Path missing = dir.resolve("missing.jar");
    assertThatThrownBy(() -> AgentRunners.load(List.of(missing)))
        .isInstanceOf(AgentException.class)
        .hasMessageContaining("runner jar " + missing + " does not exist")
        .extracting(e -> ((AgentException) e).setting().orElseThrow())
        .isEqualTo(AgentException.JARS);
  }

  @Test
  void load_aJarNamingAClassThatIsNotThere_isAnInputError() throws Exception {
    Path broken = jar("broken.jar", "com.example.Missing\n");
    assertThatThrownBy(() -> AgentRunners.load(List.of(broken)))
        .isInstanceOf(AgentException.class)
        .hasMessageContaining("cannot be loaded")
        .extracting(e -> ((AgentException) e).kind())
        .isEqualTo(ErrorKind.INPUT);
  }

  @Test
  void create_checksTheBuiltInsArguments() {
    AgentRunners runners = AgentRunners.builtIn();
    assertThatThrownBy(() -> runners.create("scripted", context()))
        .hasMessage("scripted needs its file: use scripted:FILE");
    assertThatThrownBy(() -> runners.create("claude-code:opus", context()))
        .hasMessageContaining("claude-code takes no argument");
    assertThat(runners.create("claude-code", context()).name()).isEqualTo("claude-code");
  }

  @Test
  void specs_splitAtTheFirstColon() {
    assertThat(AgentRunners.nameOf("scripted:a/b.yaml")).isEqualTo("scripted");
    assertThat(AgentRunners.argumentOf("scripted:a/b.yaml")).isEqualTo("a/b.yaml");
    assertThat(AgentRunners.nameOf("hello")).isEqualTo("hello");
    assertThat(AgentRunners.argumentOf("hello")).isEmpty();
    assertThat(AgentRunners.nameOf("")).isEqualTo(AgentRunners.DEFAULT);
  }

  @Test
  void outcomeBuilder_leavesWhatIsNotSetAsNothingReported_andATimeoutIsAnError() {
    AgentOutcome ok =
        AgentOutcome.builder()
            .resultText("done")
            .tokens(10, 5)
            .cacheTokens(2, 3)
            .durationSeconds(1.5)
            .build();
    assertThat(ok.isError()).isFalse();
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.tokenStats().totalTokens()).isEqualTo(20);
    assertThat(ok.totalCostUsd()).isNull();
    assertThat(ok.stderr()).isEmpty();

    AgentOutcome killed = AgentOutcome.builder().exitCode(-1).timedOut(true).build();
    assertThat(killed.isError()).isTrue();
    assertThat(killed.failureKind()).isEqualTo(FailureKind.TIMEOUT);
    assertThatThrownBy(() -> AgentOutcome.builder().tokens(-1, 0).build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
