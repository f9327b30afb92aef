package dev.scylla.core;

/**
 * What caused a {@link ScyllaException}: what a caller (a CLI's exit code) distinguishes.
 *
 * <p>The same four kinds, under the same names, are what scylla-docker, scylla-credentials and
 * scylla-kubernetes give their exceptions, each with an enum of its own so that no library depends
 * on another; scylla-api's {@code Failures.kindOf} reads any of them as one of these.
 */
public enum ErrorKind {
  /**
   * The user's input: a fixture, a configuration, a task repository or commit, a changed
   * configuration without a fresh start. Fixing the input fixes it.
   */
  INPUT,
  /**
   * The login an agent or judge uses: missing, unreadable, logged out, or refused by the model's
   * API. Logging in again fixes it.
   */
  CREDENTIALS,
  /** The machine: a file system, a missing program, a container engine. Not the input's fault. */
  INFRASTRUCTURE,
  /** A fault in Scylla or in an adapter: report it. */
  INTERNAL
}
