package dev.portico.gateway.metrics;

import dev.portico.gateway.PorticoStartup;
import dev.portico.gateway.filter.UpstreamMetricsFilter;
import dev.portico.gateway.routing.ManagementPort;
import dev.portico.gateway.snapshot.SnapshotHolder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the request and upstream meters and the readiness indicator. The indicator's bean name
 * makes it the {@code jwksReadiness} health contributor, which the readiness group includes (see
 * SpringProperties).
 */
@Configuration(proxyBeanMethods = false)
public class MetricsWiring {

  @Bean
  RequestMetrics requestMetrics(MeterRegistry registry) {
    return new RequestMetrics(registry);
  }

  @Bean
  RequestMetricsDecorator requestMetricsDecorator(
      RequestMetrics metrics, ManagementPort managementPort) {
    return new RequestMetricsDecorator(metrics, managementPort);
  }

  @Bean
  RequestMetricsFilter requestMetricsFilter() {
    return new RequestMetricsFilter();
  }

  @Bean
  RouteInFlightFilter routeInFlightFilter(RequestMetrics metrics) {
    return new RouteInFlightFilter(metrics);
  }

  @Bean
  UpstreamMetricsFilter upstreamMetricsFilter(MeterRegistry registry) {
    return new UpstreamMetricsFilter(new UpstreamRequestMetrics(registry));
  }

  @Bean
  JwksReadinessIndicator jwksReadinessHealthIndicator(
      PorticoStartup startup, SnapshotHolder snapshots, Clock clock) {
    return new JwksReadinessIndicator(
        snapshots,
        startup.initial().config().gateway().management().readiness().jwksGrace(),
        clock);
  }
}
