package dev.scylla.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --agent-jar}: jars with runners of one's own, for {@code run} and {@code rejudge}. */
public final class AgentJarOptions {

  @Option(
      names = "--agent-jar",
      paramLabel = "JAR",
      description =
          "A jar with runners of your own (repeatable); it is mounted read-only into the"
              + " container and its runners run there.")
  List<Path> agentJars = new ArrayList<>();
}
