package dev.portico.gateway.snapshot;

import dev.portico.traffic.LocalityPlan;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The meters of one upstream group, removed when a reload replaces the group: {@code
 * portico_upstream_endpoint_ejected{upstream, endpoint}} (1 while ejected), {@code
 * portico_upstream_ejections_total{upstream}}, {@code portico_upstream_retries_refused_total
 * {upstream}} (retries the retry budget refused) and {@code portico_upstream_panic{upstream}} (1
 * while the locality plan is in panic mode). Tags are upstream names and configured endpoint URLs.
 */
final class UpstreamMetrics {

  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();

  UpstreamMetrics(MeterRegistry registry, UpstreamGroup group) {
    this.registry = registry;
    String upstream = group.name();
    for (UpstreamEndpoint endpoint : group.endpoints()) {
      meters.add(
          Gauge.builder(
                  "portico.upstream.endpoint.ejected",
                  group,
                  g -> g.picker().ejected(endpoint) ? 1 : 0)
              .description("1 while outlier detection keeps the endpoint ejected")
              .tag("upstream", upstream)
              .tag("endpoint", endpoint.toString())
              .register(registry));
    }
    meters.add(
        FunctionCounter.builder("portico.upstream.ejections", group, g -> g.picker().ejections())
            .description("Endpoints ejected by outlier detection")
            .tag("upstream", upstream)
            .register(registry));
    meters.add(
        FunctionCounter.builder(
                "portico.upstream.retries.refused", group, g -> g.retryBudget().rejectedRetries())
            .description("Retries skipped because the upstream's retry budget was used up")
            .tag("upstream", upstream)
            .register(registry));
    meters.add(
        Gauge.builder("portico.upstream.panic", group, UpstreamMetrics::panic)
            .description("1 while the upstream's locality plan ignores health (panic mode)")
            .tag("upstream", upstream)
            .register(registry));
  }

  private static double panic(UpstreamGroup group) {
    LocalityPlan<UpstreamEndpoint> plan = group.picker().plan();
    return plan != null && plan.panic() ? 1 : 0;
  }

  /** Removes this group's meters. */
  void remove() {
    meters.forEach(registry::remove);
  }
}
