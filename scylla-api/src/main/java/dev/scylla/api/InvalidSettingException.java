package dev.scylla.api;

/**
 * A setting of an experiment has a value it cannot have. It names the setting by its key in the
 * settings document ({@link #setting()}, always present), and says what is wrong with the value
 * ({@link #problem()}), so that a caller can name the setting its own way (the command line: the
 * option that sets it).
 */
public final class InvalidSettingException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  private final String problem;

  /** The setting {@code setting} (its document key) and what is wrong with its value. */
  public InvalidSettingException(String setting, String problem) {
    super(setting, "the setting " + setting + " " + problem, null);
    this.problem = problem;
  }

  /** What is wrong with the value, e.g. {@code must be 1 second or more, was 0}. */
  public String problem() {
    return problem;
  }
}
