package dev.scylla.docker;

/** An interactive session needs the {@code docker} command, and it is not on the PATH. */
public class DockerCliNotFoundException extends DockerException {
  private static final long serialVersionUID = 1L;

  /** The {@code docker} command was not found on {@code path}. */
  public DockerCliNotFoundException(String path) {
    super(
        "interactive sessions need the docker command, and it is not on the PATH ("
            + path
            + "): install the Docker CLI (or a docker-compatible one) and put it on the PATH");
  }
}
