package dev.portico.gateway.snapshot;

import dev.portico.config.model.Locality;
import dev.portico.config.model.PorticoConfig;
import dev.portico.config.model.Upstream;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The upstream groups of the running gateway. A reload keeps the group of every upstream whose
 * settings did not change — with its ejections, loads and retry budget — and builds new ones for
 * the rest. Thread-safe.
 */
final class UpstreamRegistry implements AutoCloseable {

  private final Clock clock;
  private final MeterRegistry meters;
  private final byte[] processSecret = new byte[32];
  private Map<String, UpstreamGroup> groups = Map.of();
  private final Map<UpstreamGroup, UpstreamMetrics> metrics = new HashMap<>();

  private final boolean activeChecks;

  /**
   * @param activeChecks whether upstreams run their active health checks (false for CLI commands)
   */
  UpstreamRegistry(Clock clock, MeterRegistry meters, boolean activeChecks) {
    this.clock = clock;
    this.meters = meters;
    this.activeChecks = activeChecks;
    new SecureRandom().nextBytes(processSecret);
  }

  /** The groups for {@code config}, reusing unchanged ones. */
  synchronized Map<String, UpstreamGroup> forConfig(PorticoConfig config) {
    Locality locality = config.gateway().locality();
    Map<String, UpstreamGroup> next = new LinkedHashMap<>();
    config
        .upstreams()
        .forEach(
            (name, upstream) -> {
              UpstreamGroup kept = groups.get(name);
              next.put(
                  name,
                  kept != null && kept.builtFrom(upstream, locality)
                      ? kept
                      : create(name, upstream, locality));
            });
    for (UpstreamGroup old : groups.values()) {
      if (!next.containsValue(old)) {
        metrics.remove(old).remove();
        old.close();
      }
    }
    for (UpstreamGroup group : next.values()) {
      metrics.computeIfAbsent(group, g -> new UpstreamMetrics(meters, g));
    }
    groups = Map.copyOf(next);
    return groups;
  }

  private UpstreamGroup create(String name, Upstream upstream, Locality locality) {
    return new UpstreamGroup(
        name, upstream, locality, clock, processSecret, activeChecks ? meters : null);
  }

  /** Stops every group's health checks. */
  @Override
  public synchronized void close() {
    groups.values().forEach(UpstreamGroup::close);
  }
}
