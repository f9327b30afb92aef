package dev.scylla.core.engine;

import dev.scylla.core.internal.results.ConfigHash;
import dev.scylla.core.model.ExperimentConfig;
import dev.scylla.core.results.Checkpoint;
import dev.scylla.core.results.ResultsLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses an experiment's folder under the results root: the latest unfinished or finished folder
 * of the same experiment id to resume (its configuration must be the same), or a new one.
 */
final class ExperimentFolders {
  private static final Logger LOG = LoggerFactory.getLogger(ExperimentFolders.class);

  private ExperimentFolders() {}

  /**
   * The folder to run {@code config} in.
   *
   * @throws ConfigChangedException when the folder to resume was run with another configuration
   * @throws ExperimentException when the results root cannot be listed or created
   */
  static ResultsLayout choose(
      Path resultsRoot, ExperimentConfig config, boolean fresh, Instant now) {
    return choose(resultsRoot, config, null, fresh, now);
  }

  /**
   * The folder to run {@code config} in; a folder to resume must also have been started with the
   * same {@code settings} (when both it and the caller have a settings document).
   *
   * @throws ConfigChangedException when the folder to resume was run with another configuration or
   *     other settings
   * @throws ExperimentException when the results root cannot be listed or created
   */
  static ResultsLayout choose(
      Path resultsRoot,
      ExperimentConfig config,
      SettingsDocument settings,
      boolean fresh,
      Instant now) {
    Path root = resultsRoot.toAbsolutePath().normalize();
    createDirectories(root);
    if (!fresh) {
      Optional<Path> existing = latest(root, config.experimentId());
      if (existing.isPresent()) {
        ResultsLayout layout = ResultsLayout.of(existing.get());
        Checkpoint checkpoint = Checkpoint.read(layout.checkpoint());
        if (settings != null && Files.isRegularFile(layout.settingsDocument())) {
          List<String> changed = settings.differencesFrom(readText(layout.settingsDocument()));
          if (!changed.isEmpty()) {
            throw new ConfigChangedException(
                "experiment '"
                    + config.experimentId()
                    + "' in "
                    + existing.get()
                    + " was started with other settings ("
                    + String.join("; ", changed)
                    + "): start it over in a new folder, or give the experiment another id");
          }
        }
        String hash = ConfigHash.of(config);
        if (!checkpoint.configHash().equals(hash)) {
          throw new ConfigChangedException(
              "experiment '"
                  + config.experimentId()
                  + "' in "
                  + existing.get()
                  + " was run with a different configuration (hash "
                  + checkpoint.configHash()
                  + ", now "
                  + hash
                  + "): start it over in a new folder, or give the experiment another id");
        }
        LOG.info("resuming {}", existing.get());
        return layout;
      }
    }
    Instant stamp = now;
    Path dir = root.resolve(ResultsLayout.folderName(stamp, config.experimentId()));
    while (Files.exists(dir)) {
      // Same id twice in one second (--fresh): the next free second keeps names sortable.
      stamp = stamp.plusSeconds(1);
      dir = root.resolve(ResultsLayout.folderName(stamp, config.experimentId()));
    }
    createDirectories(dir);
    return ResultsLayout.of(dir);
  }

  /** The wall-clock seconds earlier sessions of a resumed experiment took (0 for a new one). */
  static double previousDuration(ResultsLayout layout) {
    return EngineFiles.readField(layout.result(), "total_duration_seconds")
        .map(Double::parseDouble)
        .orElse(0.0);
  }

  private static Optional<Path> latest(Path root, String experimentId) {
    try (Stream<Path> list = Files.list(root)) {
      return list.filter(p -> ResultsLayout.isFolderOf(p.getFileName().toString(), experimentId))
          .filter(ResultsLayout::hasCheckpoint)
          .max(Comparator.comparing(p -> p.getFileName().toString()));
    } catch (IOException e) {
      throw new ExperimentException("cannot list " + root + ": " + e.getMessage(), e);
    }
  }

  private static String readText(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new ExperimentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ExperimentException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }
}
