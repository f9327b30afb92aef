package dev.scylla.cli;

import dev.scylla.api.ContainerSettings;
import dev.scylla.docker.Mount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The container options, checked and parsed into {@link ContainerSettings}: {@code --mount}, {@code
 * --env}, {@code --memory}, {@code --cpus}, {@code --pids-limit}, {@code --network}.
 */
final class ContainerFlags {

  private static final Pattern NETWORK = Pattern.compile("(container:)?[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private static final Pattern MEMORY =
      Pattern.compile("(\\d+)([bkmg]?)b?", Pattern.CASE_INSENSITIVE);
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private ContainerFlags() {}

  /**
   * Parses the options.
   *
   * @throws UserInputException naming the bad value and the expected form
   */
  static ContainerSettings parse(ContainerOptions options) {
    List<Mount> mounts = new ArrayList<>();
    for (String spec : options.mounts) {
      mounts.add(mount(spec));
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (String spec : options.env) {
      int eq = spec.indexOf('=');
      if (eq <= 0 || !ENV_NAME.matcher(spec.substring(0, eq)).matches()) {
        throw new UserInputException("--env " + spec + " is not KEY=VALUE (e.g. --env FOO=bar)");
      }
      env.put(spec.substring(0, eq), spec.substring(eq + 1));
    }
    OptionalDouble cpus = OptionalDouble.empty();
    if (options.cpus != null) {
      if (!(options.cpus > 0)) {
        throw new UserInputException("--cpus must be above 0, was " + options.cpus);
      }
      cpus = OptionalDouble.of(options.cpus);
    }
    OptionalLong memory = OptionalLong.empty();
    if (options.memory != null) {
      memory = OptionalLong.of(memoryBytes(options.memory));
    }
    if (options.pidsLimit <= 0) {
      throw new UserInputException("--pids-limit must be above 0, was " + options.pidsLimit);
    }
    return new ContainerSettings(
        mounts, env, cpus, memory, options.pidsLimit, network(options.network));
  }

  /** The {@code --network} value, checked; {@code bridge} when not given. */
  static String network(String mode) {
    if (mode == null) {
      return ContainerSettings.DEFAULT_NETWORK;
    }
    if (!NETWORK.matcher(mode).matches()) {
      throw new UserInputException(
          "--network "
              + mode
              + " is not a network mode: use bridge, none, host, container:NAME or a network's"
              + " name");
    }
    return mode;
  }

  /** {@code SRC:DST[:ro]} as a mount; SRC must exist, DST be absolute. */
  static Mount mount(String spec) {
    String[] parts = spec.split(":", -1);
    boolean readOnly = false;
    if (parts.length == 3 && (parts[2].equals("ro") || parts[2].equals("rw"))) {
      readOnly = parts[2].equals("ro");
    } else if (parts.length != 2) {
      throw new UserInputException(
          "--mount " + spec + " is not SRC:DST[:ro] (e.g. --mount ./tools:/opt/tools:ro)");
    }
    Path source = Path.of(parts[0]).toAbsolutePath().normalize();
    if (!Files.exists(source)) {
      throw new UserInputException("--mount " + spec + ": " + source + " does not exist");
    }
    if (!parts[1].startsWith("/")) {
      throw new UserInputException(
          "--mount " + spec + ": the container path " + parts[1] + " must be absolute");
    }
    return new Mount(source, parts[1], readOnly);
  }

  /** {@code 8g}, {@code 512m}, {@code 1048576} as bytes. */
  static long memoryBytes(String size) {
    Matcher m = MEMORY.matcher(size.trim());
    if (!m.matches()) {
      throw new UserInputException("--memory " + size + " is not a size (e.g. 8g, 512m)");
    }
    int shift =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "k" -> 10;
          case "m" -> 20;
          case "g" -> 30;
          default -> 0;
        };
    long bytes;
    try {
      long value = Long.parseLong(m.group(1));
      if (value > Long.MAX_VALUE >> shift) {
        throw new NumberFormatException("too large");
      }
      bytes = value << shift;
    } catch (NumberFormatException e) {
      throw new UserInputException("--memory " + size + " is larger than any machine's memory", e);
    }
    if (bytes < 6L << 20) {
      throw new UserInputException("--memory " + size + " is below Docker's minimum of 6m");
    }
    return bytes;
  }
}
