package dev.scylla.api;

import dev.scylla.docker.BuildListener;
import dev.scylla.docker.ContainerRuntime;
import dev.scylla.docker.DockerException;
import dev.scylla.docker.ImageRef;
import dev.scylla.docker.RunnerImage;
import java.nio.file.Path;
import java.util.Objects;

/** Where a container target's runner image comes from, resolved once the engine is connected. */
@FunctionalInterface
public interface ImageSource {

  /**
   * The image to run, built first if need be.
   *
   * @throws DockerException when it is missing and cannot be built
   */
  ImageRef resolve(ContainerRuntime runtime);

  /** An image that exists already, by tag or id; it is never built. */
  static ImageSource existing(String image) {
    Objects.requireNonNull(image, "image");
    return runtime ->
        runtime
            .inspectImage(image)
            .map(info -> new ImageRef(image, info.id(), "", false))
            .orElseThrow(
                () ->
                    new DockerException(
                        "no image "
                            + image
                            + " in the Docker engine: build it, or let Scylla build its runner"
                            + " image"));
  }

  /** {@code image}, built when it is missing or stale, its build reported to {@code listener}. */
  static ImageSource ensured(RunnerImage image, BuildListener listener) {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(listener, "listener");
    return runtime -> image.ensure(runtime, listener);
  }

  /** Scylla's runner image around {@code scyllaJar} ({@link ScyllaImage#builder(Path)}). */
  static ImageSource bundled(Path scyllaJar) {
    return ensured(ScyllaImage.builder(scyllaJar).build(), BuildListener.ignore());
  }
}
