package dev.scylla.cli;

import dev.scylla.api.ExitCodes;
import dev.scylla.api.InProcessTarget;
import dev.scylla.api.ScyllaImage;
import dev.scylla.credentials.CredentialStatus;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code scylla welcome}: the banner an interactive shell in the runner container greets with:
 * versions, the state of the Claude login, and what to try.
 */
@Command(name = "welcome", hidden = true, description = "Print the runner container's banner.")
final class WelcomeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Map<String, String> env = System.getenv();
    Path configDir = Path.of(env.getOrDefault("CLAUDE_CONFIG_DIR", ScyllaImage.CLAUDE_CONFIG_DIR));
    CredentialStatus status = CredentialStatus.inspect(configDir, env);
    var out = spec.commandLine().getOut();
    out.println("Scylla " + ScyllaCli.version() + " runner");
    out.println("  Java        " + System.getProperty("java.version"));
    out.println("  Python      " + InProcessTarget.pythonVersion(env));
    out.println(
        "  Claude Code " + InProcessTarget.claudeVersion(ScyllaImage.claudeBinaryFrom(env)));
    out.println("  Credentials " + status.describe());
    out.println();
    out.println("Try:");
    out.println("  scylla validate --tiers-dir DIR");
    out.println("  scylla run --tiers-dir DIR --tiers T0 --runs 1 --max-subtests 1");
    out.println("  scylla report results/<experiment>");
    out.flush();
    return ExitCodes.OK;
  }
}
