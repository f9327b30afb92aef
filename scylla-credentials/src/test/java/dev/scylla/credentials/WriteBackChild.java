package dev.scylla.credentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A separate JVM for the concurrent write-back test: several threads each stage the host file,
 * "refresh" to their own expiresAt, wait for the go file, then write back at once.
 *
 * <p>Arguments: host file, temp root, state dir, go file, expiresAt values (one per thread).
 */
public final class WriteBackChild {

  private WriteBackChild() {}

  /** Entry point; prints "ready" once staged and "done" when every write-back returned. */
  public static void main(String[] args) throws Exception {
    Path hostFile = Path.of(args[0]);
    CredentialStager stager = CredentialStager.of(Path.of(args[1]), Path.of(args[2]));
    Path go = Path.of(args[3]);
    HostCredentials host =
        HostCredentials.find(CredentialLookup.fromSystem(hostFile).withEnv(Map.of()));
    List<StagedCredentials> staged = new ArrayList<>();
    for (int i = 4; i < args.length; i++) {
      StagedCredentials s = stager.stageForRun(host, StagingOptions.defaults());
      Files.writeString(
          s.directory().resolve(".credentials.json"),
          TestFiles.at("jvm-" + args[i], Long.parseLong(args[i])));
      staged.add(s);
    }
    System.out.println("ready");
    System.out.flush();
    while (!Files.exists(go)) {
      Thread.sleep(2);
    }
    List<Thread> threads = new ArrayList<>();
    for (StagedCredentials s : staged) {
      Thread t = new Thread(s::close);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    System.out.println("done");
  }
}
