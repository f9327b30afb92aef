package dev.scylla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.api.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code scylla clean --target kubernetes}: the Kubernetes options only with that target, and a
 * cluster that cannot be reached as exit 3 with one line, Docker never contacted. The deletion by
 * label itself is proven in scylla-api's KubernetesCoordinatorTest against the mock API server.
 */
class CleanKubernetesTest {

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final AtomicBoolean dockerUsed = new AtomicBoolean();

  private int clean(String... args) {
    CommandLine cli =
        ScyllaCli.commandLine(
            new CommandLine.IFactory() {
              @Override
              public <K> K create(Class<K> cls) throws Exception {
                if (cls == CleanCommand.class) {
                  return cls.cast(
                      new CleanCommand(
                          () -> {
                            dockerUsed.set(true);
                            throw new AssertionError("clean --target kubernetes used Docker");
                          }));
                }
                return CommandLine.defaultFactory().create(cls);
              }
            });
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("clean"));
    all.addAll(List.of(args));
    return cli.execute(all.toArray(String[]::new));
  }

  @Test
  void kubernetesOptions_withoutTheKubernetesTarget_areOneLineExit2() {
    int code = clean("--namespace", "evals");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("only with --target kubernetes");
    assertThat(dockerUsed).isFalse();
  }

  @Test
  void kubernetesTarget_noClusterToReach_isExit3WithOneLineNamingTheServer() throws Exception {
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: gone",
            "  cluster: {server: 'https://127.0.0.1:1'}",
            "users:",
            "- name: me",
            "  user: {token: not-a-real-token}",
            "contexts:",
            "- name: gone",
            "  context: {cluster: gone, user: me}",
            "current-context: gone",
            ""));
    String before = System.getProperty("kubeconfig");
    System.setProperty("kubeconfig", kubeconfig.toString());
    int code;
    try {
      code = clean("--target", "kubernetes", "--namespace", "evals", "--experiment", "x");
    } finally {
      if (before == null) {
        System.clearProperty("kubeconfig");
      } else {
        System.setProperty("kubeconfig", before);
      }
    }

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.DOCKER);
    assertThat(err.toString().lines().filter(l -> !l.isBlank()).toList())
        .singleElement()
        .asString()
        .contains("cannot reach the Kubernetes API server at https://127.0.0.1:1");
    assertThat(out.toString()).isEmpty();
    assertThat(dockerUsed).isFalse();
  }
}
