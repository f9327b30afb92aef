package dev.scylla.docker;

/** No container has the given name or id. */
public class ContainerNotFoundException extends ContainerException {
  private static final long serialVersionUID = 1L;

  /** No container is called {@code nameOrId}. */
  public ContainerNotFoundException(String nameOrId) {
    super("no container named " + nameOrId + " (list them with `docker ps -a`)");
  }
}
