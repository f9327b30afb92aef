package dev.scylla.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options that choose or build the runner image. */
public final class ImageOptions {

  @Option(
      names = "--image",
      paramLabel = "IMAGE",
      description =
          "Use this existing runner image instead of the one Scylla builds (with --target"
              + " kubernetes: the image every pod runs, exactly as given).")
  String image;

  @Option(names = "--rebuild", description = "Build the runner image even when it is current.")
  boolean rebuild;

  @Option(
      names = "--base-image",
      paramLabel = "IMAGE",
      description =
          "Base of the runner image, Debian-based (default: $SCYLLA_BASE_IMAGE when set, else "
              + dev.scylla.api.ScyllaImage.DEFAULT_BASE_IMAGE
              + ").")
  String baseImage;

  @Option(
      names = "--claude-version",
      paramLabel = "VERSION",
      description = "Claude Code CLI version installed in the image (default: ${DEFAULT-VALUE}).")
  String claudeVersion = dev.scylla.api.ScyllaImage.DEFAULT_CLAUDE_VERSION;

  @Option(
      names = "--ca-bundle",
      paramLabel = "FILE",
      description =
          "Extra PEM CA certificates to trust in the image build and at run time"
              + " (default: $SCYLLA_CA_BUNDLE when set).")
  Path caBundle;
}
