package dev.scylla.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options that choose the Claude credentials staged for the container. */
public final class CredentialOptions {

  /** How the host's credentials reach the container. */
  public enum Mode {
    /** Private copy mounted read-write as the Claude config dir; refreshed tokens come back. */
    staged,
    /** The older flow: a read-only copy the container copies; refreshed tokens are lost. */
    legacy
  }

  @Option(
      names = "--credentials",
      paramLabel = "FILE",
      description = "Claude credentials file to use (default: the host's Claude Code login).")
  Path file;

  @Option(
      names = "--credentials-mode",
      paramLabel = "MODE",
      description = "staged (default) or legacy.",
      defaultValue = "staged")
  Mode mode;
}
