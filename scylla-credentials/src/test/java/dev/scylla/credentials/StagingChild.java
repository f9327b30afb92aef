package dev.scylla.credentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A separate JVM for the cleanup tests: stages credentials for a run from a host file, puts a
 * refreshed token into the staging, prints the staging directory and waits to be killed.
 *
 * <p>Arguments: host file, temp root, state dir.
 */
public final class StagingChild {

  private StagingChild() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    Path hostFile = Path.of(args[0]);
    CredentialStager stager = CredentialStager.of(Path.of(args[1]), Path.of(args[2]));
    HostCredentials host =
        HostCredentials.find(CredentialLookup.fromSystem(hostFile).withEnv(java.util.Map.of()));
    StagedCredentials staged = stager.stageForRun(host, StagingOptions.defaults());
    Files.writeString(
        staged.directory().resolve(".credentials.json"),
        TestFiles.valid("child-refresh", Duration.ofHours(9)));
    System.out.println(staged.directory());
    System.out.flush();
    Thread.sleep(Duration.ofMinutes(2).toMillis());
    staged.close();
  }
}
