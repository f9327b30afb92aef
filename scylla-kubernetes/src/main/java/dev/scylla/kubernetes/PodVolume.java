package dev.scylla.kubernetes;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A volume of a run's pod and where its container sees it. Only kinds that need no storage class:
 * an {@code emptyDir} (the pod's own scratch space, filled and emptied through the API), or one
 * file holding the value of one of the pod's annotations (a downward API volume).
 *
 * @param name the volume's name in the pod (DNS label)
 * @param mountPath the absolute path in the container
 * @param annotation the annotation whose value the file holds; {@code null} for an empty dir
 * @param fileName the file's name in the mounted folder; {@code null} for an empty dir
 */
public record PodVolume(String name, String mountPath, String annotation, String fileName) {

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** Validates the volume. */
  public PodVolume {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mountPath, "mountPath");
    if (!LABEL.matcher(name).matches()) {
      throw new IllegalArgumentException("volume name must be a DNS label, was '" + name + "'");
    }
    if (!mountPath.startsWith("/")) {
      throw new IllegalArgumentException("mountPath must be absolute, was '" + mountPath + "'");
    }
    if ((annotation == null) != (fileName == null)) {
      throw new IllegalArgumentException(
          "annotation and fileName go together, were '" + annotation + "' and '" + fileName + "'");
    }
    if (fileName != null && (fileName.isBlank() || fileName.contains("/"))) {
      throw new IllegalArgumentException("fileName must be a plain name, was '" + fileName + "'");
    }
  }

  /** An empty dir at {@code mountPath}, writable by the container. */
  public static PodVolume emptyDir(String name, String mountPath) {
    return new PodVolume(name, mountPath, null, null);
  }

  /** A read-only folder at {@code mountPath} holding {@code fileName}: the annotation's value. */
  public static PodVolume annotationFile(
      String name, String mountPath, String annotation, String fileName) {
    return new PodVolume(name, mountPath, annotation, fileName);
  }

  /** Whether this is the annotation-file kind. */
  public boolean fromAnnotation() {
    return annotation != null;
  }
}
