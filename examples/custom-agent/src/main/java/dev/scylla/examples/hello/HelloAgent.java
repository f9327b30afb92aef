package dev.scylla.examples.hello;

import dev.scylla.core.agent.AgentAdapter;
import dev.scylla.core.agent.AgentException;
import dev.scylla.core.agent.AgentOutcome;
import dev.scylla.core.agent.AgentRequest;
import dev.scylla.core.results.ResultsLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An agent that does what the hello-world task asks without a model: it writes hello.py, and notes
 * in its log where it ran ({@code SCYLLA_IN_CONTAINER} is set inside the runner image).
 */
final class HelloAgent implements AgentAdapter {
  private final String inContainer;

  HelloAgent(String inContainer) {
    this.inContainer = inContainer;
  }

  @Override
  public AgentOutcome run(AgentRequest request) {
    long start = System.nanoTime();
    try {
      Files.writeString(
          request.workingDirectory().resolve("hello.py"),
          "print(\"Hello, world!\")\n",
          StandardCharsets.UTF_8);
      Path log = request.logDirectory().resolve(ResultsLayout.ADAPTER_STDOUT);
      Files.createDirectories(log.getParent());
      Files.writeString(log, "SCYLLA_IN_CONTAINER=" + inContainer + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AgentException("hello could not write in " + request.workingDirectory(), e);
    }
    return AgentOutcome.builder()
        .resultText("Wrote hello.py, which prints Hello, world!")
        .totalCostUsd(0.0)
        .durationSeconds((System.nanoTime() - start) / 1e9)
        .numTurns(1)
        .build();
  }

  @Override
  public String name() {
    return "hello";
  }
}
