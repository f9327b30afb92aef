package dev.scylla.kubernetes;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Runs a command in a running container of a pod, with its standard input and output as streams:
 * the one operation files need to cross into and out of a pod ({@link PodFiles}). On a cluster it
 * is the API server's {@code pods/exec}; elsewhere anything that can run a command in a container.
 */
@FunctionalInterface
public interface PodExec {

  /**
   * Runs {@code command} in {@code pod} and waits for it to end.
   *
   * @param pod the pod's name
   * @param command the program and its arguments (no shell unless given)
   * @param stdin what the command reads, or null for nothing
   * @param stdout where its standard output goes
   * @return the command's exit code
   * @throws ClusterException when the command cannot be run at all
   * @throws InterruptedException when interrupted while waiting
   */
  int exec(String pod, List<String> command, InputStream stdin, OutputStream stdout)
      throws InterruptedException;
}
