package dev.portico.config.watch;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the configuration file and reloads it when it changes, on one daemon thread of its own
 * (never a request thread).
 *
 * <p>It watches the file's directory rather than the file, so it sees editors that write a new file
 * and rename it, and Kubernetes ConfigMap volumes, where the file is a symlink through {@code
 * ..data} and an update swaps that symlink. Bursts of events are debounced: the reload runs once
 * the directory has been quiet for the debounce time. As a safety net it also polls the file's real
 * path, size and modification time, for file systems without change events.
 *
 * <p>The data files the configuration names (CIDR tables, GeoIP databases, API-key files) are
 * polled at the same interval: when one changes, the configuration is reloaded with it.
 */
public final class ConfigWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

  private final ConfigReloader reloader;
  private final Duration debounce;
  private final Duration pollInterval;
  private final WatchService watchService;
  private final Thread thread;
  private volatile boolean running = true;
  private FileState lastSeen;
  private final String fileName;

  /**
   * Starts watching.
   *
   * @throws IOException if the directory cannot be watched
   */
  public ConfigWatcher(ConfigReloader reloader, Duration debounce, Duration pollInterval)
      throws IOException {
    this.reloader = reloader;
    this.debounce = debounce;
    this.pollInterval = pollInterval;
    Path directory = reloader.file().toAbsolutePath().getParent();
    this.fileName = reloader.file().getFileName().toString();
    this.watchService = FileSystems.getDefault().newWatchService();
    directory.register(
        watchService,
        StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
    this.lastSeen = FileState.of(reloader.file());
    this.thread = new Thread(this::run, "portico-config-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        WatchKey key = watchService.poll(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        if (key != null) {
          boolean relevant = drain(key);
          relevant |= awaitQuiet();
          if (relevant) {
            reloadNow();
          }
        } else if (!Objects.equals(FileState.of(reloader.file()), lastSeen)
            || reloader.dataFilesChanged()) {
          reloadNow();
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("Configuration watcher stopped unexpectedly; reloads need a restart", e);
    }
  }

  /**
   * Waits until the directory has been quiet for the debounce time; true if a relevant event came.
   */
  private boolean awaitQuiet() throws InterruptedException {
    boolean relevant = false;
    WatchKey next;
    while ((next = watchService.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
      relevant |= drain(next);
    }
    return relevant;
  }

  /**
   * Consumes the key's events; true if any may concern the configuration: the file itself, a
   * Kubernetes {@code ..data} / {@code ..<timestamp>} swap, or lost events (overflow). Other files
   * in the directory (logs written next to the configuration, say) are ignored.
   */
  private boolean drain(WatchKey key) {
    boolean relevant = false;
    for (WatchEvent<?> event : key.pollEvents()) {
      Object context = event.context();
      relevant |=
          event.kind() == StandardWatchEventKinds.OVERFLOW
              || !(context instanceof Path name)
              || name.toString().equals(fileName)
              || name.toString().startsWith("..");
    }
    key.reset();
    return relevant;
  }

  private void reloadNow() {
    lastSeen = FileState.of(reloader.file());
    if (lastSeen == null) {
      log.warn(
          "Configuration file {} is missing; keeping the running configuration", reloader.file());
      return;
    }
    reloader.reload();
  }

  @Override
  public void close() {
    running = false;
    try {
      watchService.close();
    } catch (IOException e) {
      log.debug("Closing the watch service failed", e);
    }
    thread.interrupt();
  }
}
