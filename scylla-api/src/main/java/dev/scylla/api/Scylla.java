package dev.scylla.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/** Scylla's entry points: its version, and a shortcut to {@link Experiment#builder(Path)}. */
public final class Scylla {

  private Scylla() {}

  /** A builder for an experiment on the fixture in {@code tiersDir}. */
  public static Experiment.Builder experiment(Path tiersDir) {
    return Experiment.builder(tiersDir);
  }

  /** This Scylla's version, e.g. {@code 0.1.0-SNAPSHOT}; "unknown" when the jar lacks it. */
  public static String version() {
    try (InputStream in = Scylla.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Scylla version from the jar", e);
    }
  }
}
