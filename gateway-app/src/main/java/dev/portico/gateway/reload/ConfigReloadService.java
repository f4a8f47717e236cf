package dev.portico.gateway.reload;

import dev.portico.config.LoadedConfig;
import dev.portico.config.model.GatewaySettings;
import dev.portico.config.model.TracingSettings;
import dev.portico.config.watch.ConfigReloader;
import dev.portico.config.watch.ConfigWatcher;
import dev.portico.config.watch.ReloadOutcome;
import dev.portico.gateway.snapshot.GatewaySnapshot;
import dev.portico.gateway.snapshot.SnapshotCompiler;
import dev.portico.gateway.snapshot.SnapshotHolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps the running snapshot in step with the configuration file: watches it, and on a valid change
 * compiles a new snapshot and swaps it in. Settings that only take effect at start-up (listeners,
 * upstream pool) are logged as needing a restart when they change.
 */
public final class ConfigReloadService implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ConfigReloadService.class);

  private final SnapshotHolder snapshots;
  private final SnapshotCompiler compiler;
  private final ConfigReloader reloader;
  private final Duration debounce;
  private final Duration pollInterval;
  private ConfigWatcher watcher;

  public ConfigReloadService(
      Path file,
      SnapshotHolder snapshots,
      SnapshotCompiler compiler,
      ReloadMetrics metrics,
      Duration debounce,
      Duration pollInterval) {
    this.snapshots = snapshots;
    this.compiler = compiler;
    this.debounce = debounce;
    this.pollInterval = pollInterval;
    this.reloader = new ConfigReloader(file, snapshots.current().loaded(), this::apply, metrics);
  }

  /** Reloads the file now, on the caller's thread (admin API, tests). */
  public ReloadOutcome reloadNow() {
    return reloader.reload();
  }

  private void apply(LoadedConfig next) {
    GatewaySnapshot compiled = compiler.compile(next, snapshots.current());
    warnAboutRestartOnlyChanges(snapshots.current().config().gateway(), next.config().gateway());
    snapshots.swap(compiled);
  }

  private static void warnAboutRestartOnlyChanges(GatewaySettings before, GatewaySettings after) {
    if (!Objects.equals(before.listen(), after.listen())) {
      log.warn("gateway.listen changed; it takes effect after a restart");
    }
    if (!Objects.equals(before.management(), after.management())) {
      log.warn("gateway.management changed; it takes effect after a restart");
    }
    if (!Objects.equals(before.upstreamPool(), after.upstreamPool())) {
      log.warn("gateway.upstream-pool changed; it takes effect after a restart");
    }
    if (before.accessLog().queueSize() != after.accessLog().queueSize()) {
      log.warn("gateway.access-log.queue-size changed; it takes effect after a restart");
    }
    if (!Objects.equals(restartOnly(before.tracing()), restartOnly(after.tracing()))) {
      log.warn(
          "gateway.tracing changed; only sampling-percent and trust-incoming-sampling apply"
              + " now, the rest takes effect after a restart");
    }
  }

  /** The tracing settings with the reloadable keys blanked out. */
  private static TracingSettings restartOnly(TracingSettings tracing) {
    return new TracingSettings(
        tracing.enabled(),
        0,
        false,
        tracing.propagation(),
        tracing.exporter(),
        tracing.endpoint(),
        tracing.serviceName());
  }

  @Override
  public synchronized void start() {
    try {
      watcher = new ConfigWatcher(reloader, debounce, pollInterval);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot watch " + reloader.file(), e);
    }
  }

  @Override
  public synchronized void stop() {
    if (watcher != null) {
      watcher.close();
      watcher = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return watcher != null;
  }
}
