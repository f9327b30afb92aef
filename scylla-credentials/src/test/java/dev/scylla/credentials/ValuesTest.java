package dev.scylla.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Validation and defaults of the small value types. */
class ValuesTest {

  @Test
  void fileOwner_rejectsNegativeIdsNamingFieldAndValue() {
    assertThatThrownBy(() -> new FileOwner(-1, 5))
        .hasMessageContaining("uid")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> new FileOwner(5, -2))
        .hasMessageContaining("gid")
        .hasMessageContaining("-2");
    assertThat(new FileOwner(10001, 10002)).hasToString("10001:10002");
  }

  @Test
  void containerPaths_mustBeAbsoluteInTheContainer() {
    assertThatThrownBy(() -> new ContainerPaths("home/.claude", "/tmp/creds"))
        .hasMessageContaining("configDir")
        .hasMessageContaining("home/.claude");
    assertThatThrownBy(() -> new ContainerPaths("/home/.claude", "creds"))
        .hasMessageContaining("legacyMountDir")
        .hasMessageContaining("creds");
  }

  @Test
  void stagingOptions_rejectsRelativeWorkspaces() {
    assertThatThrownBy(
            () -> StagingOptions.defaults().withTrustedWorkspaces(List.of(Path.of("rel/ws"))))
        .hasMessageContaining("trustedWorkspaces")
        .hasMessageContaining("rel/ws");
    assertThat(StagingOptions.defaults().mode()).isEqualTo(StagingMode.STAGED);
    assertThat(StagingOptions.defaults().ownerIfSet()).isEmpty();
  }

  @Test
  void lookup_stateDirFollowsXdgStateHomeElseHome() {
    CredentialLookup lookup = TestFiles.lookup(Path.of("/home/u"));
    assertThat(lookup.stateDir()).isEqualTo(Path.of("/home/u/.local/state/scylla"));
    assertThat(lookup.withEnv(Map.of("XDG_STATE_HOME", "/var/state")).stateDir())
        .isEqualTo(Path.of("/var/state/scylla"));
    assertThat(lookup.withEnv(Map.of("XDG_STATE_HOME", "relative")).stateDir())
        .isEqualTo(Path.of("/home/u/.local/state/scylla"));
  }

  @Test
  void lookup_toStringShowsNoEnvironmentValues() {
    CredentialLookup lookup =
        TestFiles.lookup(Path.of("/home/u"))
            .withEnv(Map.of("CLAUDE_CODE_OAUTH_TOKEN", TestFiles.FAKE + "x"));
    assertThat(lookup.toString()).doesNotContain(TestFiles.FAKE);
    assertThat(lookup.isMacOs()).isFalse();
    assertThat(lookup.withOsName("Mac OS X").isMacOs()).isTrue();
  }

  @Test
  void lookup_rejectsRelativeHome() {
    assertThatThrownBy(() -> TestFiles.lookup(Path.of("home")))
        .hasMessageContaining("homeDir")
        .hasMessageContaining("home");
  }
}
