package dev.scylla.docker;

/** Which output stream of a container a line came from. */
public enum StreamType {
  /** Standard output (also everything, when the container has a TTY). */
  STDOUT,
  /** Standard error. */
  STDERR
}
