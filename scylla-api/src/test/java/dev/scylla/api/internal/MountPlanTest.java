package dev.scylla.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountPlanTest {

  @Test
  void entries_dropPathsCoveredByAnAncestorWithTheSameOrBroaderAccess() {
    MountPlan plan =
        new MountPlan()
            .add(Path.of("/work/project"), true)
            .add(Path.of("/work/project/fixtures/test-001"), true)
            .add(Path.of("/work/project/results"), false)
            .add(Path.of("/work/project/results/run-1/prompt.md"), true);

    assertThat(plan.entries())
        .containsExactly(
            new MountPlan.Entry(Path.of("/work/project"), Path.of("/work/project"), true),
            new MountPlan.Entry(
                Path.of("/work/project/results"), Path.of("/work/project/results"), false));
  }

  @Test
  void add_samePathTwice_writableWins() {
    MountPlan plan =
        new MountPlan().add(Path.of("/data/results"), true).add(Path.of("/data/results"), false);

    assertThat(plan.entries())
        .singleElement()
        .extracting(MountPlan.Entry::readOnly)
        .isEqualTo(false);
  }

  @Test
  void add_systemDirectories_areRefusedWithTheReason() {
    for (String path : new String[] {"/", "/usr", "/etc/ssl", "/tmp", "/home/scylla/x", "/proc"}) {
      assertThatThrownBy(() -> new MountPlan().add(Path.of(path), true))
          .as(path)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cannot be mounted");
    }
  }

  @Test
  void add_foldersBelowTmpAndHome_areAllowed() {
    MountPlan plan =
        new MountPlan().add(Path.of("/tmp/experiment"), true).add(Path.of("/home/alice/p"), false);

    assertThat(plan.entries()).hasSize(2);
  }

  @Test
  void addIfMountable_skipsAReservedPathInsteadOfFailing() {
    MountPlan plan = new MountPlan();

    assertThat(plan.addIfMountable(Path.of("/"), true)).isFalse();
    assertThat(plan.addIfMountable(Path.of("/srv/project"), true)).isTrue();
    assertThat(plan.entries())
        .extracting(MountPlan.Entry::hostPath)
        .containsExactly(Path.of("/srv/project"));
  }

  @Test
  void entries_keepExplicitMountsAtTheirOwnTargets_shallowestFirst() {
    MountPlan plan =
        new MountPlan()
            .add(Path.of("/srv/a/b/c/d"), true)
            .addExplicit(Path.of("/opt/tools/claude"), Path.of("/usr/local/bin/claude"), true);

    assertThat(plan.entries())
        .extracting(MountPlan.Entry::containerPath)
        .containsExactly(Path.of("/usr/local/bin/claude"), Path.of("/srv/a/b/c/d"));
  }

  @Test
  void isReserved_notForRootsHome_soRootCanWorkThere() {
    assertThat(MountPlan.isReserved(Path.of("/root"))).isFalse();
    assertThat(MountPlan.isReserved(Path.of("/root/project"))).isFalse();
    assertThat(MountPlan.isReserved(Path.of("/usr/local"))).isTrue();
  }

  @Test
  void requireUsable_aMissingReadOnlyPath_isNamed(@TempDir Path dir) {
    MountPlan plan = new MountPlan().add(dir.resolve("gone"), true);

    assertThatThrownBy(plan::requireUsable)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(dir.resolve("gone").toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void requireUsable_aResultsFolderStillToBeMade_andReadableInputs_pass(@TempDir Path dir)
      throws Exception {
    Path input = Files.writeString(dir.resolve("prompt.md"), "task");
    MountPlan plan = new MountPlan().add(input, true).add(dir.resolve("results/nested"), false);

    plan.requireUsable();

    assertThat(dir.resolve("results")).doesNotExist();
  }

  @Test
  void copy_isChangedApartFromTheOriginal() {
    MountPlan plan = new MountPlan().add(Path.of("/srv/a"), true);
    MountPlan copy = plan.copy().add(Path.of("/srv/b"), false);

    assertThat(plan.entries())
        .extracting(MountPlan.Entry::hostPath)
        .containsExactly(Path.of("/srv/a"));
    assertThat(copy.entries())
        .extracting(MountPlan.Entry::hostPath)
        .containsExactly(Path.of("/srv/a"), Path.of("/srv/b"));
  }
}
