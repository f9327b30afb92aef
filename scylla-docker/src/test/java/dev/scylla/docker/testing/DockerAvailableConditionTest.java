package dev.scylla.docker.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DockerAvailableConditionTest {

  @Test
  void evaluate_enablesTestsWhenDockerAnswers() {
    var condition = new DockerAvailableCondition(() -> true, true);

    assertThat(condition.evaluate(true).isDisabled()).isFalse();
  }

  @Test
  void evaluate_skipsWithAReasonOnADeveloperMachineWithoutDocker() {
    var condition = new DockerAvailableCondition(() -> false, false);

    var result = condition.evaluate(false);

    assertThat(result.isDisabled()).isTrue();
    assertThat(result.getReason()).hasValueSatisfying(r -> assertThat(r).contains("skipped"));
  }

  @Test
  void evaluate_failsInCiWithoutDocker() {
    var condition = new DockerAvailableCondition(() -> false, true);

    assertThatThrownBy(() -> condition.evaluate(false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CI=true");
  }
}
