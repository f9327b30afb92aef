package dev.scylla.credentials;

import java.util.Objects;

/**
 * What a write-back did.
 *
 * @param outcome the kind of result
 * @param detail one line for logs and the user; never a token
 */
public record WriteBackResult(Outcome outcome, String detail) {

  /** The kinds of result. */
  public enum Outcome {
    /** The staged token was newer: the host file or Keychain item now holds it. */
    UPDATED_HOST,
    /** The host token was newer (a new login): it was copied into a shell's staging. */
    HOST_NEWER_COPIED_IN,
    /** Host and staged copies expire at the same time: nothing to do. */
    UNCHANGED,
    /** The staged copy is older than the host's: the host was left alone. */
    SKIPPED_OLDER,
    /** The staged copy was blanked (a failed refresh) and no guard copy exists. */
    SKIPPED_BLANK,
    /** The staged copy is missing or not valid JSON, and no guard copy exists. */
    SKIPPED_MALFORMED,
    /** The host file is gone or unreadable, so nothing could be compared or replaced. */
    HOST_UNAVAILABLE,
    /** Nothing can be written back: legacy mode, or credentials from the environment. */
    NOT_APPLICABLE
  }

  /** Validates. */
  public WriteBackResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
  }

  /** {@code OUTCOME: detail}. */
  public String describe() {
    return outcome + ": " + detail;
  }
}
