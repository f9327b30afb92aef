package dev.scylla.core;

/** What caused a {@link ScyllaException}: what a caller (a CLI's exit code) distinguishes. */
public enum ErrorKind {
  /**
   * The user's input: a fixture, a configuration, a task repository or commit, a changed
   * configuration without a fresh start. Fixing the input fixes it.
   */
  INPUT,
  /** The machine: a file system, a missing program, a container engine. Not the input's fault. */
  INFRASTRUCTURE,
  /** A fault in Scylla or in an adapter: report it. */
  INTERNAL
}
