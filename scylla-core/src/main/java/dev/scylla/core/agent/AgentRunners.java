package dev.scylla.core.agent;

import dev.scylla.core.ErrorKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;

/**
 * The agent runners available: the built-in ones and those of the given jars, by name. A runner
 * spec is {@code NAME} or {@code NAME:ARGUMENT} ({@code claude-code}, {@code scripted:FILE}, {@code
 * hello}).
 *
 * <pre>{@code
 * AgentRunners runners = AgentRunners.load(List.of(Path.of("my-runner.jar")));
 * AgentAdapter agent = runners.create("hello", context);
 * AgentAdapter judge = runners.create(runners.defaultJudge("hello"), context);
 * }</pre>
 */
public final class AgentRunners {
  /** The runner used when none is named, and the default judge of runners that cannot judge. */
  public static final String DEFAULT = "claude-code";

  private static final String SERVICE_FILE =
      "META-INF/services/" + AgentAdapterProvider.class.getName();

  private final Map<String, AgentAdapterProvider> providers;

  private AgentRunners(Map<String, AgentAdapterProvider> providers) {
    this.providers = providers;
  }

  /** The built-in runners ({@code claude-code}, {@code scripted}) and any on the class path. */
  public static AgentRunners builtIn() {
    return fromLoader(AgentRunners.class.getClassLoader(), List.of());
  }

  /**
   * The built-in runners and those of {@code jars}, each of which must declare at least one
   * provider. The jars' classes are loaded for the life of the process.
   *
   * @throws AgentException of kind {@code INPUT} for a jar that is missing, declares no runner, or
   *     a runner whose name is taken
   */
  public static AgentRunners load(List<Path> jars) {
    if (jars.isEmpty()) {
      return builtIn();
    }
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars) {
      checkJar(jar);
      try {
        urls.add(jar.toAbsolutePath().toUri().toURL());
      } catch (MalformedURLException e) {
        throw new AgentException(
            ErrorKind.INPUT, AgentException.JARS, "runner jar " + jar + ": " + e.getMessage(), e);
      }
    }
    ClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), AgentRunners.class.getClassLoader());
    return fromLoader(loader, jars);
  }

  private static void checkJar(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new AgentException(
          ErrorKind.INPUT,
          AgentException.JARS,
          "runner jar " + jar + " does not exist (build the runner's jar first)",
          null);
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      if (file.getEntry(SERVICE_FILE) == null) {
        throw new AgentException(
            ErrorKind.INPUT,
            AgentException.JARS,
            "runner jar "
                + jar
                + " declares no runner: list your AgentAdapterProvider class in "
                + SERVICE_FILE,
            null);
      }
    } catch (IOException e) {
      throw new AgentException(
          ErrorKind.INPUT,
          AgentException.JARS,
          "runner jar " + jar + " is not a readable jar: " + e.getMessage(),
          e);
    }
  }

  private static AgentRunners fromLoader(ClassLoader loader, List<Path> jars) {
    Map<String, AgentAdapterProvider> byName = new LinkedHashMap<>();
    try {
      for (AgentAdapterProvider p : ServiceLoader.load(AgentAdapterProvider.class, loader)) {
        AgentAdapterProvider previous = byName.putIfAbsent(p.name(), p);
        if (previous != null && previous.getClass() != p.getClass()) {
          throw new AgentException(
              ErrorKind.INPUT,
              AgentException.JARS,
              "two runners are named '"
                  + p.name()
                  + "' ("
                  + previous.getClass().getName()
                  + ", "
                  + p.getClass().getName()
                  + "): leave one of their jars out",
              null);
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new AgentException(
          ErrorKind.INPUT,
          "a runner in "
              + (jars.isEmpty() ? "the class path" : jars)
              + " cannot be loaded: "
              + e.getMessage(),
          e);
    } catch (UncheckedIOException e) {
      throw new AgentException(ErrorKind.INPUT, "cannot read " + jars + ": " + e.getMessage(), e);
    }
    return new AgentRunners(Map.copyOf(byName));
  }

  /** The names of the available runners, sorted. */
  public List<String> names() {
    return providers.keySet().stream().sorted().toList();
  }

  /** The provider named {@code name}, if there is one. */
  public Optional<AgentAdapterProvider> provider(String name) {
    return Optional.ofNullable(providers.get(name));
  }

  /**
   * The provider of {@code spec}.
   *
   * @throws AgentException of kind {@code INPUT} when no runner has that name; the message lists
   *     the available ones
   */
  public AgentAdapterProvider providerFor(String spec) {
    String name = nameOf(spec);
    AgentAdapterProvider provider = providers.get(name);
    if (provider == null) {
      throw new AgentException(
          ErrorKind.INPUT,
          AgentException.JARS,
          "unknown runner '"
              + name
              + "': available runners are "
              + String.join(", ", names())
              + " (a runner's jar adds others)",
          null);
    }
    return provider;
  }

  /**
   * Creates the adapter of {@code spec}.
   *
   * @throws AgentException of kind {@code INPUT} for an unknown runner or an argument it cannot use
   */
  public AgentAdapter create(String spec, AgentAdapterProvider.Context context) {
    return providerFor(spec).create(argumentOf(spec), context);
  }

  /**
   * The judge of an experiment whose agent is {@code agentSpec} when none is named: the agent's own
   * runner when it can judge (e.g. {@code scripted:FILE}), else {@link #DEFAULT}.
   */
  public String defaultJudge(String agentSpec) {
    return providerFor(agentSpec).canJudge() ? agentSpec : DEFAULT;
  }

  /** The runner name of a spec: the text before the first colon. */
  public static String nameOf(String spec) {
    if (spec == null || spec.isBlank()) {
      return DEFAULT;
    }
    int colon = spec.indexOf(':');
    return colon < 0 ? spec : spec.substring(0, colon);
  }

  /** The argument of a spec: the text after the first colon, or empty. */
  public static String argumentOf(String spec) {
    if (spec == null) {
      return "";
    }
    int colon = spec.indexOf(':');
    return colon < 0 ? "" : spec.substring(colon + 1);
  }
}
