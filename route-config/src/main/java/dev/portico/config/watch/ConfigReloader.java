package dev.portico.config.watch;

import dev.portico.config.ConfigError;
import dev.portico.config.ConfigLoader;
import dev.portico.config.ConfigRejectedException;
import dev.portico.config.LoadedConfig;
import dev.portico.config.model.PorticoConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the configuration file again and, if it is valid and different from the running one, hands
 * it to the gateway to build and swap in a new snapshot. A change to a data file the running
 * configuration names (see {@link PorticoConfig#dataFiles()}) counts as a change too: the same text
 * is built again with the new file. A file that fails validation, or whose snapshot cannot be
 * built, changes nothing: the running configuration stays and the errors are logged, each with its
 * line and column.
 *
 * <p>Thread-safe: reloads are serialized, so the watcher and the admin console can both trigger
 * them.
 */
public final class ConfigReloader {

  private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

  private final Path file;
  private final Consumer<LoadedConfig> apply;
  private final ReloadObserver observer;
  private String runningDigest;

  /** The data files the running configuration names, and their states when it was built. */
  private List<Path> runningDataFiles;

  private List<FileState> runningDataStates;

  /**
   * The outcome for the bytes validation last rejected (null after a successful reload), and their
   * digest.
   */
  private ReloadOutcome lastRejected;

  private String lastRejectedDigest;

  private List<FileState> lastRejectedDataStates;

  /** The digest of the bytes the current reload read, null until read. */
  private String readDigest;

  /**
   * @param file the configuration file
   * @param running the configuration in force now
   * @param apply builds and swaps in the snapshot of a new configuration; it throws to refuse it
   * @param observer told the outcome of every reload (metrics)
   */
  public ConfigReloader(
      Path file, LoadedConfig running, Consumer<LoadedConfig> apply, ReloadObserver observer) {
    this.file = file;
    this.apply = apply;
    this.observer = observer;
    this.runningDigest = running.digest();
    this.runningDataFiles = running.config().dataFiles();
    this.runningDataStates = FileState.of(runningDataFiles);
  }

  public Path file() {
    return file;
  }

  /** True when a data file of the running configuration changed since it was built. */
  public synchronized boolean dataFilesChanged() {
    return !FileState.of(runningDataFiles).equals(runningDataStates);
  }

  /** Reloads the file now. */
  public synchronized ReloadOutcome reload() {
    readDigest = null;
    LoadedConfig candidate;
    List<FileState> dataStates = FileState.of(runningDataFiles);
    boolean dataChanged = !dataStates.equals(runningDataStates);
    try {
      byte[] bytes = Files.readAllBytes(file);
      // The same bytes as the running configuration: nothing to parse (a large file costs real
      // CPU and garbage to parse, and editors and volume swaps touch files without changing them).
      String bytesDigest = LoadedConfig.digestOf(bytes);
      if (bytesDigest.equals(runningDigest) && !dataChanged) {
        return finish(ReloadOutcome.unchanged(runningDigest));
      }
      // The same bytes as the file last rejected: already reported and counted once; reading it
      // again (the watcher and a reload request racing, or a touch) is not a new rejection.
      if (lastRejected != null
          && bytesDigest.equals(lastRejectedDigest)
          && dataStates.equals(lastRejectedDataStates)) {
        return lastRejected;
      }
      readDigest = bytesDigest;
      candidate = ConfigLoader.parse(file.toString(), bytes);
    } catch (ConfigRejectedException e) {
      // Validation is deterministic: the same bytes would be rejected again.
      ReloadOutcome rejected = reject(e.errors());
      lastRejected = rejected;
      lastRejectedDigest = readDigest;
      lastRejectedDataStates = dataStates;
      return rejected;
    } catch (IOException e) {
      return reject(
          List.of(new ConfigError(file.toString(), 1, 1, "", "cannot read the file: " + e)));
    } catch (RuntimeException e) {
      // A defect in validation must not stop reloads (the watcher thread would die with it).
      log.error("Validating configuration {} failed unexpectedly", file, e);
      return reject(
          List.of(new ConfigError(file.toString(), 1, 1, "", "cannot be validated: " + e)));
    }
    String digest = candidate.digest();
    if (digest.equals(runningDigest) && !dataChanged) {
      return finish(ReloadOutcome.unchanged(digest));
    }
    // States read before the build: a file changing during it is seen by the next poll.
    List<FileState> candidateStates = FileState.of(candidate.config().dataFiles());
    try {
      apply.accept(candidate);
    } catch (RuntimeException e) {
      log.error("Configuration {} passed validation but its snapshot could not be built", file, e);
      return reject(
          List.of(
              new ConfigError(file.toString(), 1, 1, "", "cannot be applied: " + e.getMessage())));
    }
    boolean sameText = digest.equals(runningDigest);
    runningDigest = digest;
    runningDataFiles = candidate.config().dataFiles();
    runningDataStates = candidateStates;
    lastRejected = null;
    if (sameText) {
      log.info("Configuration rebuilt from {}: a data file it names changed", file);
      return finish(ReloadOutcome.applied(digest));
    }
    log.info("Configuration reloaded from {} (sha256 {})", file, digest.substring(0, 12));
    return finish(ReloadOutcome.applied(digest));
  }

  private ReloadOutcome reject(List<ConfigError> errors) {
    StringBuilder message = new StringBuilder();
    errors.forEach(e -> message.append("\n  ").append(e.format()));
    log.error(
        "Configuration reload rejected, {} error(s); the running configuration stays:{}",
        errors.size(),
        message);
    return finish(ReloadOutcome.rejected(errors));
  }

  private ReloadOutcome finish(ReloadOutcome outcome) {
    observer.reloaded(outcome);
    return outcome;
  }
}
