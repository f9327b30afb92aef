package dev.scylla.docker.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Image;
import dev.scylla.docker.BuildListener;
import dev.scylla.docker.BuildRequest;
import dev.scylla.docker.DockerException;
import dev.scylla.docker.ImageBuildException;
import dev.scylla.docker.ImageInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Images on the engine: inspecting, listing, building, tagging and removing them. */
final class DockerImages {

  private final DockerConnection connection;
  private final DockerClient client;

  DockerImages(DockerConnection connection) {
    this.connection = connection;
    this.client = connection.client();
  }

  Optional<ImageInfo> inspect(String reference) {
    try {
      InspectImageResponse image = client.inspectImageCmd(reference).exec();
      Map<String, String> labels =
          image.getConfig() == null || image.getConfig().getLabels() == null
              ? Map.of()
              : image.getConfig().getLabels();
      return Optional.of(
          new ImageInfo(
              image.getId(),
              tags(image.getRepoTags()),
              labels,
              image.getSize() == null ? 0 : image.getSize()));
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      throw connection.failure("cannot inspect image " + reference, e);
    }
  }

  List<ImageInfo> find(Map<String, String> labels) {
    try {
      List<ImageInfo> found = new ArrayList<>();
      for (Image image : client.listImagesCmd().withLabelFilter(labels).exec()) {
        found.add(
            new ImageInfo(
                image.getId(),
                tags(image.getRepoTags() == null ? null : Arrays.asList(image.getRepoTags())),
                image.getLabels() == null ? Map.of() : image.getLabels(),
                image.getSize() == null ? 0 : image.getSize()));
      }
      return found;
    } catch (RuntimeException e) {
      throw connection.failure("cannot list images", e);
    }
  }

  String build(BuildRequest request, BuildListener listener) {
    Path dockerfile = request.contextDir().resolve(request.dockerfile());
    BuildImageCmd cmd =
        client
            .buildImageCmd()
            .withBaseDirectory(request.contextDir().toFile())
            .withDockerfile(dockerfile.toFile())
            .withTags(request.tags())
            .withLabels(request.labels())
            .withPull(false)
            .withNoCache(request.noCache())
            .withRemove(true)
            .withForcerm(true);
    request.buildArgs().forEach(cmd::withBuildArg);
    BuildLogParser log = new BuildLogParser(listener);
    ResultCallback.Adapter<BuildResponseItem> callback =
        new ResultCallback.Adapter<>() {
          @Override
          public void onNext(BuildResponseItem item) {
            log.accept(item);
          }
        };
    String what = "building " + String.join(", ", request.tags());
    try {
      cmd.exec(callback).awaitCompletion();
    } catch (InterruptedException e) {
      DockerConnection.closeQuietly(callback);
      Thread.currentThread().interrupt();
      throw new ImageBuildException(what + " was interrupted", log.tail(), e);
    } catch (RuntimeException e) {
      throw new ImageBuildException(
          what + " failed: " + DockerConnection.oneLine(e) + " (is the engine still running?)",
          log.tail(),
          e);
    }
    // The legacy builder reports a short id: the full one is what inspections and lists give.
    String id = log.imageId(what);
    return inspect(id).map(ImageInfo::id).orElse(id);
  }

  void tag(String imageId, String tag) {
    int slash = tag.lastIndexOf('/');
    int colon = tag.lastIndexOf(':');
    if (colon <= slash) {
      throw new IllegalArgumentException("tag must be repository:tag, was " + tag);
    }
    try {
      client
          .tagImageCmd(imageId, tag.substring(0, colon), tag.substring(colon + 1))
          .withForce()
          .exec();
    } catch (NotFoundException e) {
      throw new DockerException("cannot tag " + imageId + " as " + tag + ": no such image", e);
    } catch (RuntimeException e) {
      throw connection.failure("cannot tag " + imageId + " as " + tag, e);
    }
  }

  boolean remove(String reference, boolean force) {
    try {
      client.removeImageCmd(reference).withForce(force).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    } catch (ConflictException e) {
      throw new DockerException(
          "cannot remove image "
              + reference
              + ": a container uses it ("
              + DockerConnection.oneLine(e)
              + "); remove that container first",
          e);
    } catch (RuntimeException e) {
      throw connection.failure("cannot remove image " + reference, e);
    }
  }

  private static List<String> tags(List<String> repoTags) {
    if (repoTags == null) {
      return List.of();
    }
    return repoTags.stream().filter(t -> !t.equals("<none>:<none>")).toList();
  }
}
