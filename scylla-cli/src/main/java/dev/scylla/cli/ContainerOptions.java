package dev.scylla.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options of the container an experiment or shell runs in. */
public final class ContainerOptions {

  @Option(
      names = "--cpus",
      paramLabel = "N",
      description =
          "CPU limit of the container (with --target kubernetes: request and limit of each pod,"
              + " default 2).")
  Double cpus;

  @Option(
      names = "--memory",
      paramLabel = "SIZE",
      description =
          "Memory limit of the container, e.g. 8g or 512m (with --target kubernetes: request and"
              + " limit of each pod, 4g meaning 4Gi, default 4g).")
  String memory;

  @Option(
      names = "--pids-limit",
      paramLabel = "N",
      description = "Process limit of the container (default: ${DEFAULT-VALUE}).",
      defaultValue = "4096")
  long pidsLimit;

  @Option(
      names = "--network",
      paramLabel = "MODE",
      description =
          "Network of the container, with Docker's meaning: bridge (default), none, host,"
              + " container:NAME (share another container's network), or a network's name.")
  String network;

  @Option(
      names = "--mount",
      paramLabel = "SRC:DST[:ro]",
      description = "Also mount a host path into the container (repeatable).")
  List<String> mounts = new ArrayList<>();

  @Option(
      names = "--env",
      paramLabel = "KEY=VALUE",
      description = "Also set an environment variable in the container (repeatable).")
  List<String> env = new ArrayList<>();
}
