package dev.portico.gateway.health;

import dev.portico.traffic.HealthState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;

/**
 * {@code portico_upstream_endpoint_healthy{upstream, endpoint}} (1 healthy, 0 unhealthy) and {@code
 * portico_upstream_health_checks_total{upstream, result=pass|fail}}. The endpoint tag is the
 * configured URL, so cardinality is bounded by the configuration.
 */
final class HealthCheckMetrics {

  static final String HEALTHY = "portico.upstream.endpoint.healthy";
  static final String CHECKS = "portico.upstream.health.checks";

  private final MeterRegistry registry;
  private final String upstream;
  private final Counter passes;
  private final Counter failures;

  HealthCheckMetrics(MeterRegistry registry, String upstream) {
    this.registry = registry;
    this.upstream = upstream;
    this.passes = checks("pass");
    this.failures = checks("fail");
  }

  private Counter checks(String result) {
    return Counter.builder(CHECKS)
        .description("Active health checks of an upstream's endpoints, by result")
        .tag("upstream", upstream)
        .tag("result", result)
        .register(registry);
  }

  void checked(boolean passed) {
    (passed ? passes : failures).increment();
  }

  /**
   * Registers the endpoint's gauge. A gauge of the same upstream and endpoint left by another
   * checker (the one a reload is replacing) is replaced: the newest checker reports.
   */
  Gauge bind(URI endpoint, HealthState state) {
    Gauge previous = find(endpoint);
    if (previous != null) {
      registry.remove(previous);
    }
    return Gauge.builder(HEALTHY, state, s -> s.isHealthy() ? 1 : 0)
        .description("1 while active health checks find the endpoint healthy, else 0")
        .tag("upstream", upstream)
        .tag("endpoint", endpoint.toString())
        .strongReference(true)
        .register(registry);
  }

  /** Removes the endpoint's gauge unless another checker has replaced it since. */
  void unbind(URI endpoint, Gauge gauge) {
    if (find(endpoint) == gauge) {
      registry.remove(gauge);
    }
  }

  private Gauge find(URI endpoint) {
    return registry
        .find(HEALTHY)
        .tag("upstream", upstream)
        .tag("endpoint", endpoint.toString())
        .gauge();
  }
}
