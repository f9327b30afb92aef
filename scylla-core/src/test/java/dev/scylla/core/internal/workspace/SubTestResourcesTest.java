package dev.scylla.core.internal.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.core.fixture.ClaudeMdBlock;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a sub-test's layer combines with the baseline it extends. */
class SubTestResourcesTest {
  private static SubTestResources layer(List<String> tools, boolean all, ClaudeMdBlock... blocks) {
    return new SubTestResources(
        List.of(blocks), List.of(), List.of(), tools, all, Map.of(), List.of());
  }

  private static final ClaudeMdBlock B01 = new ClaudeMdBlock("B01", Path.of("/b/B01-a.md"));
  private static final ClaudeMdBlock B02 = new ClaudeMdBlock("B02", Path.of("/b/B02-b.md"));

  @Test
  void toolsAll_winsOverARestrictedListInherited() {
    SubTestResources base = layer(List.of("Read", "Write"), false);

    SubTestResources r = base.overlay(layer(null, true));

    assertThat(r.tools()).isNull();
    assertThat(r.allToolsAsked()).isTrue();
  }

  @Test
  void noToolsSaid_keepsTheInheritedList_twoListsUnite() {
    SubTestResources base = layer(List.of("Read", "Write"), false);

    assertThat(base.overlay(layer(null, false)).tools()).containsExactly("Read", "Write");
    assertThat(base.overlay(layer(List.of("Bash", "Read"), false)).tools())
        .containsExactly("Read", "Write", "Bash");
  }

  @Test
  void restrictedListOnTopOfAll_restricts() {
    SubTestResources base = layer(null, true);

    assertThat(base.overlay(layer(List.of("Read"), false)).tools()).containsExactly("Read");
  }

  @Test
  void ownBlocks_replaceTheBaselines_noBlocksKeepThem() {
    SubTestResources base = layer(null, false, B01);

    assertThat(base.overlay(layer(null, false, B02)).claudeMdBlocks()).containsExactly(B02);
    assertThat(base.overlay(layer(null, false)).claudeMdBlocks()).containsExactly(B01);
  }

  @Test
  void combiningBestSubTests_unitesTheirBlocks() {
    SubTestResources r = layer(null, false, B01).plus(layer(null, false, B02, B01));

    assertThat(r.claudeMdBlocks()).containsExactly(B01, B02);
  }
}
