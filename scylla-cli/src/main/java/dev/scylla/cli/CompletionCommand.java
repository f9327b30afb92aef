package dev.scylla.cli;

import dev.scylla.api.ExitCodes;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints a completion script for bash and zsh. */
@Command(
    mixinStandardHelpOptions = true,
    name = "completion",
    description = {
      "Print a bash/zsh completion script.",
      "bash: source <(scylla completion)",
      "zsh:  autoload -U +X bashcompinit && bashcompinit && source <(scylla completion)"
    })
final class CompletionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String script = AutoComplete.bash("scylla", spec.root().commandLine());
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
