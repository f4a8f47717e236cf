package dev.portico.gateway.accesslog;

import dev.portico.config.LoadedConfig;
import dev.portico.gateway.snapshot.SnapshotHolder;

/**
 * The {@link AccessLogPolicy} of the configuration in force. Compiled once per loaded configuration
 * (the first request after a reload compiles it, a matter of a few map entries) and kept next to
 * it, so the snapshot types stay untouched. Thread-safe: racing requests may compile the same
 * policy twice, which is harmless.
 */
final class AccessLogPolicies {

  private record Compiled(LoadedConfig config, AccessLogPolicy policy) {}

  private final SnapshotHolder snapshots;
  private volatile Compiled compiled;

  AccessLogPolicies(SnapshotHolder snapshots) {
    this.snapshots = snapshots;
  }

  AccessLogPolicy current() {
    LoadedConfig config = snapshots.current().loaded();
    Compiled last = compiled;
    if (last != null && last.config() == config) {
      return last.policy();
    }
    AccessLogPolicy policy = AccessLogPolicy.compile(config.config());
    compiled = new Compiled(config, policy);
    return policy;
  }
}
