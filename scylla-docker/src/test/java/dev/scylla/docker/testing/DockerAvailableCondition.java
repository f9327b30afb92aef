package dev.scylla.docker.testing;

import dev.scylla.docker.ContainerRuntime;
import dev.scylla.docker.DockerException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The condition behind {@link RequiresDocker}. */
public final class DockerAvailableCondition implements ExecutionCondition {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(DockerAvailableCondition.class);

  private final BooleanSupplier dockerAvailable;
  private final boolean ci;

  /** The condition JUnit uses: asks the engine Scylla would use, reads {@code CI}. */
  public DockerAvailableCondition() {
    this(DockerAvailableCondition::engineAnswers, "true".equalsIgnoreCase(System.getenv("CI")));
  }

  private static boolean engineAnswers() {
    try (ContainerRuntime runtime = ContainerRuntime.docker()) {
      runtime.info();
      return true;
    } catch (DockerException e) {
      return false;
    }
  }

  DockerAvailableCondition(BooleanSupplier dockerAvailable, boolean ci) {
    this.dockerAvailable = dockerAvailable;
    this.ci = ci;
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    // One probe per run: the answer is the same for every class.
    boolean available =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(
                "available", key -> dockerAvailable.getAsBoolean(), Boolean.class);
    return evaluate(available);
  }

  ConditionEvaluationResult evaluate(boolean available) {
    if (available) {
      return ConditionEvaluationResult.enabled("Docker engine reachable");
    }
    if (ci) {
      throw new IllegalStateException(
          "CI=true but no Docker engine is reachable: Docker integration tests must run in CI"
              + " (start dockerd or set DOCKER_HOST)");
    }
    return ConditionEvaluationResult.disabled(
        "no Docker engine reachable: Docker integration tests skipped (start Docker to run them)");
  }
}
