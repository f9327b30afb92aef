package dev.scylla.docker.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.scylla.docker.ContainerException;
import dev.scylla.docker.ContainerNotFoundException;
import dev.scylla.docker.ExecSpec;
import dev.scylla.docker.OutputListener;

/** Runs a command in a running container, its output line by line, and returns its exit code. */
final class ContainerExec {

  private final DockerConnection connection;
  private final DockerClient client;

  ContainerExec(DockerConnection connection) {
    this.connection = connection;
    this.client = connection.client();
  }

  int exec(String nameOrId, ExecSpec spec, OutputListener output) {
    String execId = create(nameOrId, spec);
    LineSplitter lines = new LineSplitter(output);
    OutputCallback callback = OutputCallback.attached(lines);
    try {
      client.execStartCmd(execId).exec(callback).awaitCompletion();
    } catch (InterruptedException e) {
      DockerConnection.closeQuietly(callback);
      Thread.currentThread().interrupt();
      throw new ContainerException("interrupted while running a command in " + nameOrId, e);
    } catch (RuntimeException e) {
      throw connection.failure("cannot run a command in container " + nameOrId, e);
    }
    lines.flush();
    Long code = client.inspectExecCmd(execId).exec().getExitCodeLong();
    if (code == null) {
      throw new ContainerException(
          "the engine reported no exit code for the command in " + nameOrId);
    }
    return code.intValue();
  }

  private String create(String nameOrId, ExecSpec spec) {
    try {
      ExecCreateCmd cmd =
          client
              .execCreateCmd(nameOrId)
              .withCmd(spec.command().toArray(String[]::new))
              .withAttachStdout(true)
              .withAttachStderr(true);
      if (!spec.env().isEmpty()) {
        cmd.withEnv(
            spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
      }
      if (spec.user() != null) {
        cmd.withUser(spec.user());
      }
      if (spec.workdir() != null) {
        cmd.withWorkingDir(spec.workdir());
      }
      return cmd.exec().getId();
    } catch (NotFoundException e) {
      throw new ContainerNotFoundException(nameOrId);
    } catch (ConflictException e) {
      throw new ContainerException(
          "cannot run a command in container " + nameOrId + ": it is not running (start it first)",
          e);
    } catch (RuntimeException e) {
      throw connection.failure("cannot run a command in container " + nameOrId, e);
    }
  }
}
